package io.papertrends.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS material and SASL users of a secured local stack, kept in one directory: a CA, a
 * certificate for {@code localhost}/{@code 127.0.0.1} that the broker and the registry serve, a
 * trust store holding the CA, a client certificate for registries that ask for one, and a
 * password per user. Generated on first use and reused afterwards, so clients configured once
 * keep working across restarts. The CA's private key is not kept: nothing signs after the first
 * start. Every file with a secret is readable by its owner only.
 */
public final class StackSecurity {
    private static final Logger log = LoggerFactory.getLogger(StackSecurity.class);

    /** The super user the stack itself connects as (PLAIN and SCRAM); also the CLI's admin commands. */
    public static final String ADMIN = "admin";
    /** Every user: the admin, the command line, and one per service. */
    public static final List<String> USERS = List.of(ADMIN, "cli", "ingest", "enrich", "trend", "notify");
    /** The mechanism the client files use; the listener also takes PLAIN. */
    public static final String SCRAM = "SCRAM-SHA-512";
    /** The name of the broker's only client listener. */
    static final String LISTENER = "SASL_SSL";
    private static final String CREDENTIALS = "credentials.properties";
    private static final String STORE_TYPE = "PKCS12";

    private final Path dir;
    private final String storePassword;
    private final Map<String, String> passwords;

    private StackSecurity(Path dir, String storePassword, Map<String, String> passwords) {
        this.dir = dir;
        this.storePassword = storePassword;
        this.passwords = Collections.unmodifiableMap(new LinkedHashMap<>(passwords));
    }

    /** The material in {@code dir}: read when complete, generated (all of it) otherwise. */
    public static StackSecurity prepare(Path dir) {
        try {
            createOwnerOnlyDirectory(dir);
            Path credentials = dir.resolve(CREDENTIALS);
            boolean complete = Files.exists(credentials) && Files.exists(dir.resolve("broker.p12"))
                    && Files.exists(dir.resolve("truststore.p12")) && Files.exists(dir.resolve("client.p12"));
            if (complete) {
                StackSecurity existing = read(dir, credentials);
                if (existing.passwords.keySet().containsAll(USERS)) {
                    return existing;
                }
            }
            return generate(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local stack's security material in " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the local stack's certificates: " + e.getMessage(), e);
        }
    }

    private static StackSecurity read(Path dir, Path credentials) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(credentials, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : USERS) {
            String pw = p.getProperty("user." + user + ".password");
            if (pw != null) {
                passwords.put(user, pw);
            }
        }
        return new StackSecurity(dir, p.getProperty("store.password", ""), passwords);
    }

    private static StackSecurity generate(Path dir) throws IOException, GeneralSecurityException, OperatorCreationException {
        SecureRandom random = new SecureRandom();
        String storePassword = newPassword(random);
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : USERS) {
            passwords.put(user, newPassword(random));
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, random);
        Instant now = Instant.now();
        Date from = Date.from(now.minus(Duration.ofDays(1)));
        Date until = Date.from(now.plus(Duration.ofDays(3650)));
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

        KeyPair caKeys = generator.generateKeyPair();
        X500Name caName = new X500Name("CN=Paper Trends local stack CA");
        X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(random), from, until, caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
        X509Certificate caCert = certificate(ca, caKeys);

        KeyPair serverKeys = generator.generateKeyPair();
        X509Certificate serverCert = certificate(leaf(caCert, "CN=localhost", serverKeys, from, until, random, extensions)
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")})), caKeys);

        KeyPair clientKeys = generator.generateKeyPair();
        X509Certificate clientCert = certificate(leaf(caCert, "CN=papertrends-client", clientKeys, from, until, random, extensions)
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)), caKeys);

        char[] pw = storePassword.toCharArray();
        KeyStore broker = emptyStore();
        broker.setKeyEntry("localhost", serverKeys.getPrivate(), pw, new Certificate[] {serverCert, caCert});
        KeyStore client = emptyStore();
        client.setKeyEntry("papertrends-client", clientKeys.getPrivate(), pw, new Certificate[] {clientCert, caCert});
        KeyStore trust = emptyStore();
        trust.setCertificateEntry("papertrends-local-ca", caCert);
        writeStore(dir.resolve("broker.p12"), broker, pw);
        writeStore(dir.resolve("client.p12"), client, pw);
        writeStore(dir.resolve("truststore.p12"), trust, pw);
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(caCert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        Files.writeString(dir.resolve("ca.pem"), pem, StandardCharsets.US_ASCII);

        Properties p = new Properties();
        p.setProperty("store.password", storePassword);
        passwords.forEach((user, password) -> p.setProperty("user." + user + ".password", password));
        writeOwnerOnly(dir.resolve(CREDENTIALS), out -> {
            try (Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                p.store(w, "Paper Trends local stack: SASL passwords and key store password. Keep private.");
            }
        });
        log.info("generated a CA, a certificate for localhost/127.0.0.1 and passwords for {} in {}", USERS, dir);
        return new StackSecurity(dir, storePassword, passwords);
    }

    private static X509v3CertificateBuilder leaf(X509Certificate ca, String subject, KeyPair keys, Date from, Date until,
                                                 SecureRandom random, JcaX509ExtensionUtils extensions)
            throws GeneralSecurityException, IOException {
        return new JcaX509v3CertificateBuilder(ca, serial(random), from, until, new X500Name(subject), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
    }

    private static X509Certificate certificate(X509v3CertificateBuilder builder, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(64, random).add(BigInteger.ONE);
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        store.load(null, null);
        return store;
    }

    private static void writeStore(Path file, KeyStore store, char[] password) throws IOException {
        writeOwnerOnly(file, out -> {
            try {
                store.store(out, password);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        });
    }

    /** URL-safe, so it needs no quoting in a JAAS line or a properties file. */
    private static String newPassword(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code file} readable and writable by its owner only, replacing it whole (never a half-written file). */
    static void writeOwnerOnly(Path file, Content content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix()) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (OutputStream out = Files.newOutputStream(tmp)) {
            content.writeTo(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void createOwnerOnlyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        if (posix()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    public Path dir() {
        return dir;
    }

    /** The trust store (PKCS12) holding the CA every client trusts. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** The key store (PKCS12) with the certificate the broker and the registry serve. */
    public Path serverKeyStore() {
        return dir.resolve("broker.p12");
    }

    /** The key store (PKCS12) with the client certificate, for a registry that requires one. */
    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    /** The password of every key and trust store here. */
    public String storePassword() {
        return storePassword;
    }

    /** The password of {@code user}. */
    public String password(String user) {
        String pw = passwords.get(user);
        if (pw == null) {
            throw new IllegalArgumentException("no user '" + user + "' in the local stack; users: " + USERS);
        }
        return pw;
    }

    /** Every secret here (the users' passwords and the store password), e.g. to check that none is logged. */
    public List<String> secrets() {
        List<String> out = new java.util.ArrayList<>(passwords.values());
        out.add(storePassword);
        return List.copyOf(out);
    }

    /**
     * The broker's listeners and security: one SASL_SSL listener for clients and between brokers
     * (SCRAM-SHA-512 for clients, PLAIN for the broker's own connections and the stack's admin),
     * the KRaft controller on plaintext loopback, which no client is given.
     */
    Map<String, String> brokerProperties(int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", LISTENER + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", LISTENER + "://127.0.0.1:" + brokerPort);
        p.put("inter.broker.listener.name", LISTENER);
        p.put("listener.security.protocol.map", LISTENER + ":SASL_SSL,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", SCRAM + ",PLAIN");
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        String admin = password(ADMIN);
        p.put("listener.name.sasl_ssl.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + ADMIN + "\" password=\"" + admin + "\" user_" + ADMIN + "=\"" + admin + "\";");
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("ssl.keystore.type", STORE_TYPE);
        p.put("ssl.keystore.location", serverKeyStore().toAbsolutePath().toString());
        p.put("ssl.keystore.password", storePassword);
        p.put("ssl.key.password", storePassword);
        p.put("ssl.truststore.type", STORE_TYPE);
        p.put("ssl.truststore.location", trustStore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", storePassword);
        return p;
    }

    /** Kafka client settings of the stack's own admin connections (PLAIN: it works before any SCRAM user exists). */
    Map<String, Object> adminConfig(String bootstrapServers) {
        Map<String, Object> c = new LinkedHashMap<>(tls(bootstrapServers));
        c.put("sasl.mechanism", "PLAIN");
        c.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                + "\" password=\"" + password(ADMIN) + "\";");
        return c;
    }

    /** Kafka client settings of {@code user}: SASL_SSL with SCRAM-SHA-512, trusting the stack's CA. */
    public Map<String, String> clientConfig(String user, String bootstrapServers) {
        Map<String, String> c = new LinkedHashMap<>(tls(bootstrapServers));
        c.put("sasl.mechanism", SCRAM);
        c.put("sasl.jaas.config", scramJaas(user, password(user)));
        return c;
    }

    /** The JAAS line of a SCRAM login. */
    public static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private Map<String, String> tls(String bootstrapServers) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrapServers);
        c.put("security.protocol", "SASL_SSL");
        c.put("ssl.truststore.type", STORE_TYPE);
        c.put("ssl.truststore.location", trustStore().toAbsolutePath().toString());
        c.put("ssl.truststore.password", storePassword);
        return c;
    }

    /** Writes {@code settings} as {@code clients/<user>.properties}, owner-only, and returns the file. */
    Path writeClientFile(String user, Map<String, String> settings) {
        Path file = dir.resolve("clients").resolve(user + ".properties");
        try {
            createOwnerOnlyDirectory(file.getParent());
            Properties p = new Properties();
            p.putAll(settings);
            writeOwnerOnly(file, out -> {
                try (Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                    p.store(w, "Paper Trends local stack: client settings of user '" + user + "' (--config FILE). Keep private.");
                }
            });
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Where {@link #writeClientFile} puts the settings of {@code user}. */
    public Path clientFile(String user) {
        return dir.resolve("clients").resolve(user + ".properties");
    }

    @Override
    public String toString() {
        return "StackSecurity[" + dir + ", users=" + USERS + "]";
    }
}
