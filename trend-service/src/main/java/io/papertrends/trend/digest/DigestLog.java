package io.papertrends.trend.digest;

import io.papertrends.trend.core.Codec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * The last digest produced for a scope: its local date (ISO-8601) and its papers, best first,
 * against which the next day's digest reports movements.
 */
public record DigestLog(String date, List<String> paperIds) {
    public static final Serde<DigestLog> SERDE = Codec.serde(DigestLog::write, DigestLog::read);

    public DigestLog {
        paperIds = List.copyOf(paperIds);
    }

    static void write(DigestLog d, DataOutputStream out) throws IOException {
        out.writeUTF(d.date);
        Codec.writeStrings(out, d.paperIds);
    }

    static DigestLog read(DataInputStream in) throws IOException {
        return new DigestLog(in.readUTF(), Codec.readStrings(in));
    }
}
