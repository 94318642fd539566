package io.papertrends.cli;

import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.registry.SchemaRegistryException;
import io.papertrends.serde.AvroSerde;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code papertrends schemas}: the contract's schemas in the registry. */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "The contract's schemas in the schema registry.",
        subcommands = SchemasCommand.Register.class)
final class SchemasCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }

    /**
     * {@code papertrends schemas register}: the release step that registers every schema of the
     * contract under its topic's value subject, with the credentials allowed to write. Every
     * subject is checked first; when one would be refused, nothing is registered.
     */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register every contract schema under its subject (<topic>-value), after checking each against the "
                    + "subject's compatibility rule; nothing is registered when one is incompatible. One line per subject, then a summary; "
                    + "exit 1 when a schema is incompatible or the registry refuses.")
    static final class Register implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        /** One subject of the contract and its schema. */
        record Entry(String subject, Schema schema) { }

        @Override
        public Integer call() {
            Map<String, String> settings = connection.settings().asMap();
            SchemaRegistryClient registry = new SchemaRegistryClient(RegistryConfig.from(settings));
            Topics topics = new Topics(settings.getOrDefault(Topics.PREFIX_CONFIG, ""), registry);
            List<Entry> entries = contract(topics);

            List<Entry> toRegister = new ArrayList<>();
            int unchanged = 0;
            int incompatible = 0;
            String current = null;
            try {
                for (Entry e : entries) {
                    current = e.subject();
                    Optional<SchemaRegistryClient.RegisteredSchema> found = registry.lookup(e.subject(), e.schema());
                    if (found.isPresent()) {
                        System.out.printf("%s: unchanged (id %d, version %d)%n", e.subject(), found.get().id(), found.get().version());
                        unchanged++;
                        continue;
                    }
                    List<String> reasons = registry.incompatibilities(e.subject(), e.schema());
                    if (reasons.isEmpty()) {
                        toRegister.add(e);
                    } else {
                        System.out.printf("%s: incompatible: %s%n", e.subject(), String.join("; ", reasons));
                        incompatible++;
                    }
                }
                if (incompatible > 0) {
                    System.out.printf("%d subject(s): %d incompatible, %d unchanged, %d not registered because of the incompatible ones%n",
                            entries.size(), incompatible, unchanged, toRegister.size());
                    return 1;
                }
                for (Entry e : toRegister) {
                    current = e.subject();
                    int id = registry.register(e.subject(), e.schema());
                    System.out.printf("%s: registered id %d%n", e.subject(), id);
                }
            } catch (SchemaRegistryException e) {
                System.out.println(current + ": failed: " + e.getMessage());
                System.out.printf("%d subject(s): stopped; %d unchanged before the failure%n", entries.size(), unchanged);
                return 1;
            }
            System.out.printf("%d subject(s): %d registered, %d unchanged, 0 incompatible%n", entries.size(), toRegister.size(), unchanged);
            return 0;
        }

        /** Every Avro value of the contract under its subject, as the services' serdes name it. */
        static List<Entry> contract(Topics topics) {
            List<Entry> out = new ArrayList<>();
            for (TopicSpec<?, ?> spec : topics.all()) {
                if (spec.valueSerde() instanceof AvroSerde<?> avro) {
                    out.add(new Entry(AvroSerde.subject(spec.name(), false), avro.schema()));
                }
            }
            return out;
        }
    }
}
