package io.papertrends.notify.deliver;

import io.papertrends.notify.NotifyConfig;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands mails to the SMTP server (Jakarta Mail, Eclipse Angus): a text and an HTML part, the
 * message's own Message-ID (so a mail sent again after a crash is recognisably the same), and
 * {@code List-Unsubscribe} with {@code List-Unsubscribe-Post} (one-click, RFC 8058). A 5xx reply
 * refuses the mail for good; a connection failure, a timeout or a 4xx reply is worth a retry.
 */
public final class Mailer {
    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final NotifyConfig.Smtp smtp;
    private final InternetAddress from;
    private final String domain;
    private final Session session;

    public Mailer(NotifyConfig.Smtp smtp, String from) {
        this.smtp = smtp;
        try {
            this.from = new InternetAddress(from, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException(NotifyConfig.FROM + " is not an address: " + from, e);
        }
        String address = this.from.getAddress();
        this.domain = address.substring(address.indexOf('@') + 1);
        Properties p = new Properties();
        String timeout = Long.toString(smtp.timeout().toMillis());
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", Integer.toString(smtp.port()));
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        if (smtp.security() == NotifyConfig.Security.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        } else if (smtp.security() == NotifyConfig.Security.TLS) {
            p.put("mail.smtp.ssl.enable", "true");
        }
        if (smtp.security() != NotifyConfig.Security.NONE) {
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        if (smtp.user() != null) {
            p.put("mail.smtp.auth", "true");
        }
        this.session = Session.getInstance(p);
    }

    /** The Message-ID of a notification: {@code <id@domain of the sender>}. */
    public String messageId(String id) {
        return "<" + id + "@" + domain + ">";
    }

    public Outcome send(String to, Message message, String text, String html) {
        try {
            MimeMessage mail = new FixedIdMessage(session, messageId(message.id()));
            mail.setFrom(from);
            mail.setRecipients(RecipientType.TO, InternetAddress.parse(to, true));
            mail.setSubject(message.subject(), "UTF-8");
            mail.setSentDate(new Date());
            if (message.unsubscribeUrl() != null) {
                mail.setHeader("List-Unsubscribe", "<" + message.unsubscribeUrl() + ">");
                mail.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            mail.setHeader("Auto-Submitted", "auto-generated");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setContent(html, "text/html; charset=UTF-8");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(rich);
            mail.setContent(alternative);
            if (smtp.user() != null) {
                Transport.send(mail, smtp.user(), smtp.password());
            } else {
                Transport.send(mail);
            }
            return Outcome.sent();
        } catch (MessagingException e) {
            return classify(e);
        }
    }

    /** A 5xx reply anywhere in the chain refuses for good; anything else is retried. */
    static Outcome classify(Exception e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++) {
            int code = -1;
            if (t instanceof SMTPAddressFailedException f) {
                code = f.getReturnCode();
            } else if (t instanceof SMTPSendFailedException f) {
                code = f.getReturnCode();
            }
            if (code >= 500 && code < 600) {
                return Outcome.permanent("SMTP " + code + ": " + firstLine(t.getMessage()));
            }
            if (code >= 400 && code < 500) {
                return Outcome.retry("SMTP " + code + ": " + firstLine(t.getMessage()));
            }
            if (t instanceof IOException) {
                return Outcome.retry("SMTP server unreachable: " + t.getClass().getSimpleName() + ": " + firstLine(t.getMessage()));
            }
            Throwable next = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : t.getCause();
            t = next == t ? null : next;
        }
        log.debug("mail failed", e);
        return Outcome.retry("SMTP: " + firstLine(e.getMessage()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    /** A message that keeps the Message-ID it was given when it is saved. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
