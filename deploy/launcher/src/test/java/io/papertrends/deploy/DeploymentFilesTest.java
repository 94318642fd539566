package io.papertrends.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.papertrends.config.Settings;
import io.papertrends.enrich.EnrichService;
import io.papertrends.enrich.EnrichTopology;
import io.papertrends.enrich.popularity.PopularityConfig;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.IngestService;
import io.papertrends.notify.NotifyConfig;
import io.papertrends.notify.NotifyService;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.streams.BoundedMemoryRocksDBConfig;
import io.papertrends.service.ApiKeys;
import io.papertrends.service.HttpApi;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RateLimiter;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.TrendService;
import io.papertrends.trend.http.HttpConfig;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files (docker-compose, Kubernetes, Prometheus, Grafana provisioning) cannot run
 * here; this checks that they parse and agree with the code: one image for the services, the
 * services' default ports (probes and scrapes on the management ports, only the API ports exposed), environment variables that map to real settings, and the contract's
 * topics with their layout in the topic-creation steps.
 */
class DeploymentFilesTest {
    /** The deploy directory, relative to the launcher module (where Maven runs the tests). */
    private static final Path DEPLOY = Path.of("..").toAbsolutePath().normalize();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> SERVICES = Set.of("ingest-service", "enrich-service", "trend-service", "notify-service");
    /** The public API ports; enrich has none. */
    private static final Map<String, Integer> API_PORTS = Map.of(
            "ingest-service", IngestService.DEFAULT_PORT,
            "trend-service", TrendService.DEFAULT_HTTP_PORT,
            "notify-service", NotifyService.DEFAULT_HTTP_PORT);
    /** The management ports: {@code /healthz}, {@code /metrics}. */
    private static final Map<String, Integer> MANAGEMENT_PORTS = Map.of(
            "ingest-service", IngestService.DEFAULT_MANAGEMENT_PORT,
            "enrich-service", EnrichService.DEFAULT_MANAGEMENT_PORT,
            "trend-service", TrendService.DEFAULT_MANAGEMENT_PORT,
            "notify-service", NotifyService.DEFAULT_MANAGEMENT_PORT);
    /** Variables the JVM or Kubernetes read, not Paper Trends settings. */
    private static final Set<String> NOT_SETTINGS = Set.of("JAVA_TOOL_OPTIONS", "POD_NAME");

    private static JsonNode compose;
    private static List<JsonNode> k8s;

    @BeforeAll
    static void parse() throws IOException {
        compose = resolveMerges(YAML.readTree(DEPLOY.resolve("docker-compose.yml").toFile()));
        k8s = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
                    docs.readAll().stream().filter(d -> d != null && !d.isEmpty()).forEach(k8s::add);
                }
            }
        }
    }

    @Test
    void shouldParseEveryDeploymentFile() throws IOException {
        assertThat(compose.path("services").size()).isGreaterThanOrEqualTo(10);
        assertThat(k8s).extracting(d -> d.path("kind").asText())
                .contains("Namespace", "ConfigMap", "Job", "Deployment", "StatefulSet", "Service", "Kustomization");
        for (String file : List.of("prometheus/prometheus.yml", "grafana/provisioning/datasources/prometheus.yml",
                "grafana/provisioning/dashboards/papertrends.yml")) {
            assertThat(YAML.readTree(DEPLOY.resolve(file).toFile()).isObject()).as(file).isTrue();
        }
        assertThat(YAML.readTree(DEPLOY.resolve("grafana/dashboards/papertrends.json").toFile()).path("panels").size()).isPositive();
        JsonNode kustomization = k8s.stream().filter(d -> d.path("kind").asText().equals("Kustomization")).findFirst().orElseThrow();
        for (JsonNode resource : kustomization.path("resources")) {
            assertThat(DEPLOY.resolve("k8s").resolve(resource.asText())).exists();
        }
    }

    @Test
    void shouldRunEveryServiceFromTheOneImageOfThisVersion() {
        String image = "papertrends/papertrends:" + System.getProperty("papertrends.version", "0.1.0-SNAPSHOT");
        Map<String, JsonNode> services = composeServices();
        assertThat(services.keySet()).contains("ingest", "enrich-1", "enrich-2", "trend-1", "trend-2", "notify");
        services.values().forEach(s -> {
            assertThat(s.path("image").asText()).isEqualTo(image);
            assertThat(DEPLOY.getParent().resolve(s.path("build").path("dockerfile").asText())).exists();
        });
        assertThat(k8sContainers()).isNotEmpty().allSatisfy((name, c) -> assertThat(c.path("image").asText()).as(name).isEqualTo(image));
        assertThat(Files.exists(DEPLOY.resolve("docker/Dockerfile"))).isTrue();
    }

    @Test
    void shouldProbeAndScrapeTheManagementPortsAndPublishOnlyTheApiPorts() throws IOException {
        composeServices().forEach((name, s) -> {
            String service = command(s);
            assertThat(s.path("healthcheck").path("test").toString()).as(name).contains("localhost:" + MANAGEMENT_PORTS.get(service) + "/healthz");
            assertThat(s.path("environment").path("PAPERTRENDS_MANAGEMENT_HOST").asText())
                    .as("%s: Prometheus scrapes from another container", name).isEqualTo("0.0.0.0");
            for (JsonNode mapping : s.path("ports")) {
                assertThat(API_PORTS).as("%s publishes %s but has no public API", name, mapping.asText()).containsKey(service);
                assertThat(mapping.asText()).as(name).endsWith(":" + API_PORTS.get(service));
            }
        });
        k8sContainers().forEach((name, c) -> {
            int management = MANAGEMENT_PORTS.get(name);
            List<String> ports = new ArrayList<>();
            if (API_PORTS.containsKey(name)) {
                ports.add(Integer.toString(API_PORTS.get(name)));
            }
            ports.add(Integer.toString(management));
            assertThat(c.path("ports").findValuesAsText("containerPort")).as(name).containsExactlyElementsOf(ports);
            assertThat(env(c, "PAPERTRENDS_MANAGEMENT_HOST")).as("%s: the kubelet probes the pod's address", name).isEqualTo("0.0.0.0");
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                assertThat(c.path(probe).path("httpGet").path("path").asText()).as(name + " " + probe).isEqualTo("/healthz");
                assertThat(c.path(probe).path("httpGet").path("port").asInt()).as(name + " " + probe).isEqualTo(management);
            }
            if (c.has("startupProbe")) {
                assertThat(c.path("startupProbe").path("httpGet").path("port").asInt()).as(name + " startupProbe").isEqualTo(management);
            }
        });
        for (JsonNode doc : k8s) {
            JsonNode template = doc.path("spec").path("template");
            String app = template.path("metadata").path("labels").path("app.kubernetes.io/name").asText();
            if (MANAGEMENT_PORTS.containsKey(app)) {
                assertThat(template.path("metadata").path("annotations").path("prometheus.io/port").asText()).as(app)
                        .isEqualTo(Integer.toString(MANAGEMENT_PORTS.get(app)));
            }
        }
        // Services expose the public APIs only, never a management port.
        k8s.stream().filter(d -> d.path("kind").asText().equals("Service")).forEach(svc -> {
            String app = svc.path("spec").path("selector").path("app.kubernetes.io/name").asText();
            for (JsonNode p : svc.path("spec").path("ports")) {
                assertThat(p.path("targetPort").asInt()).as(svc.path("metadata").path("name").asText()).isEqualTo(API_PORTS.get(app));
            }
        });
        // Prometheus scrapes each compose service on its management port.
        JsonNode prometheus = YAML.readTree(DEPLOY.resolve("prometheus/prometheus.yml").toFile());
        Map<String, JsonNode> services = composeServices();
        Set<String> scraped = new HashSet<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode target : job.findValues("targets").get(0)) {
                String[] hostPort = target.asText().split(":");
                assertThat(services).as("scrape target " + target).containsKey(hostPort[0]);
                assertThat(command(services.get(hostPort[0]))).isEqualTo(job.path("job_name").asText());
                assertThat(Integer.parseInt(hostPort[1])).isEqualTo(MANAGEMENT_PORTS.get(job.path("job_name").asText()));
                scraped.add(hostPort[0]);
            }
        }
        assertThat(scraped).isEqualTo(services.keySet());
        // The image documents every port.
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+(.+)$").matcher(dockerfile);
        assertThat(expose.find()).isTrue();
        Set<Integer> all = new HashSet<>(API_PORTS.values());
        all.addAll(MANAGEMENT_PORTS.values());
        assertThat(Stream.of(expose.group(1).trim().split("\\s+")).map(Integer::valueOf).toList()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void shouldSetOnlyEnvironmentVariablesThatMapToRealSettings() throws IllegalAccessException {
        Set<String> known = knownKeys();
        Map<String, String> env = new TreeMap<>();
        composeServices().forEach((name, s) -> s.path("environment").fields()
                .forEachRemaining(e -> env.put(e.getKey(), name + ": " + e.getValue().asText())));
        k8sContainers().forEach((name, c) -> {
            c.path("env").forEach(e -> env.put(e.path("name").asText(), name + ": " + e.path("value").asText()));
        });
        k8s.stream().filter(d -> d.path("kind").asText().equals("ConfigMap"))
                .forEach(cm -> cm.path("data").fieldNames().forEachRemaining(n -> env.put(n, "ConfigMap " + cm.path("metadata").path("name").asText())));
        assertThat(env).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "PAPERTRENDS_STATE_DIR",
                "KAFKA_NUM_STANDBY_REPLICAS", "KAFKA_APPLICATION_SERVER", "PAPERTRENDS_INSTANCE");
        env.forEach((name, where) -> {
            if (NOT_SETTINGS.contains(name)) {
                return;
            }
            Map<String, String> mapped = Settings.builder().env(Map.of(name, "x")).build().asMap();
            assertThat(mapped).as("%s (%s) is not a setting's environment variable", name, where).hasSize(1);
            assertThat(known).as("%s (%s) maps to %s, which nothing reads", name, where, mapped.keySet()).contains(mapped.keySet().iterator().next());
        });
        // The streams settings the manifests rely on.
        Settings trend = Settings.builder().env(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "KAFKA_APPLICATION_SERVER", "trend-1:8082",
                "KAFKA_NUM_STANDBY_REPLICAS", "1", "PAPERTRENDS_STATE_DIR", "/var/lib/papertrends/state")).build();
        var streams = StreamsSettings.streamsConfig(trend, TrendService.DEFAULT_APPLICATION_ID);
        assertThat(streams).containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "trend-1:8082")
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/papertrends/state");
    }

    @Test
    void shouldPointApplicationServerAtTheTrendInstanceItself() {
        composeServices().forEach((name, s) -> {
            if (command(s).equals("trend-service")) {
                assertThat(s.path("environment").path("KAFKA_APPLICATION_SERVER").asText()).isEqualTo(name + ":" + TrendService.DEFAULT_HTTP_PORT);
            }
        });
        JsonNode trend = k8sContainers().get("trend-service");
        String value = null;
        for (JsonNode e : trend.path("env")) {
            if (e.path("name").asText().equals("KAFKA_APPLICATION_SERVER")) {
                value = e.path("value").asText();
            }
        }
        JsonNode statefulSet = k8s.stream().filter(d -> d.path("kind").asText().equals("StatefulSet")
                && d.path("metadata").path("name").asText().equals("trend-service")).findFirst().orElseThrow();
        assertThat(value).isEqualTo("$(POD_NAME)." + statefulSet.path("spec").path("serviceName").asText() + ":" + TrendService.DEFAULT_HTTP_PORT);
    }

    @Test
    void shouldCreateExactlyTheContractTopicsWithTheirLayout() {
        Topics topics = new Topics("", new SchemaRegistryClient(RegistryConfig.of("http://127.0.0.1:1")));
        Map<String, Map<String, String>> contract = new LinkedHashMap<>();
        for (TopicSpec<?, ?> spec : topics.all()) {
            contract.put(spec.name(), spec.topicConfig());
        }
        String composeScript = compose.path("services").path("init-topics").path("command").get(0).asText();
        assertThat(createdTopics(composeScript)).isEqualTo(contract);
        JsonNode job = k8s.stream().filter(d -> d.path("kind").asText().equals("Job")).findFirst().orElseThrow();
        String jobScript = job.path("spec").path("template").path("spec").path("containers").get(0).path("args").get(0).asText();
        assertThat(createdTopics(jobScript)).isEqualTo(contract);
        assertThat(compose.path("services").path("kafka").path("environment").path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
    }

    @Test
    void shouldRunTheStreamServicesAsStatefulSetsWithStateVolumesAndStandbys() {
        for (String name : List.of("enrich-service", "trend-service", "notify-service")) {
            JsonNode set = k8s.stream().filter(d -> d.path("kind").asText().equals("StatefulSet")
                    && d.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
            JsonNode container = set.path("spec").path("template").path("spec").path("containers").get(0);
            String claim = set.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText();
            String mount = container.path("volumeMounts").findValuesAsText("mountPath").get(0);
            assertThat(container.path("volumeMounts").findValuesAsText("name")).containsExactly(claim);
            assertThat(env(container, "PAPERTRENDS_STATE_DIR")).startsWith(mount + "/");
            assertThat(Integer.parseInt(env(container, "KAFKA_NUM_STANDBY_REPLICAS"))).isPositive();
            assertThat(set.path("spec").path("replicas").asInt()).isGreaterThan(1);
        }
    }

    /** {@code --topic name --config k=v …} lines of a topic-creation script. */
    private static Map<String, Map<String, String>> createdTopics(String script) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Pattern config = Pattern.compile("--config\\s+([\\w.]+)=(\\S+)");
        for (String line : script.lines().toList()) {
            Matcher topic = Pattern.compile("--topic\\s+(\\S+)").matcher(line);
            if (line.strip().startsWith("create ") && topic.find()) {
                Map<String, String> configs = new HashMap<>();
                Matcher c = config.matcher(line);
                while (c.find()) {
                    configs.put(c.group(1), c.group(2));
                }
                out.put(topic.group(1), configs);
            }
        }
        return out;
    }

    /** The setting keys the code reads: Kafka client and Streams configs, registry keys, the papertrends.* constants. */
    private static Set<String> knownKeys() throws IllegalAccessException {
        Set<String> keys = new HashSet<>(StreamsConfig.configDef().names());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        keys.add("papertrends.instance");
        for (Class<?> type : List.of(RegistryConfig.class, IngestService.class, IngestLimits.class, ManagementServer.class, HttpApi.class, ApiKeys.class, RateLimiter.class, StreamsSettings.class,
                BoundedMemoryRocksDBConfig.class, Topics.class, TrendConfig.class, PopularityConfig.class, EnrichTopology.class, NotifyConfig.class,
                HttpConfig.class)) {
            for (Field f : type.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    String value = (String) f.get(null);
                    if (value.contains(".")) {
                        keys.add(value);
                    }
                }
            }
        }
        return keys;
    }

    private static Map<String, JsonNode> composeServices() {
        Map<String, JsonNode> out = new TreeMap<>();
        compose.path("services").fields().forEachRemaining(e -> {
            if (SERVICES.contains(command(e.getValue()))) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static String command(JsonNode service) {
        return service.path("command").path(0).asText();
    }

    /** The Paper Trends containers of the manifests, by the service their first argument runs. */
    private static Map<String, JsonNode> k8sContainers() {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode doc : k8s) {
            for (JsonNode c : doc.path("spec").path("template").path("spec").path("containers")) {
                String service = c.path("args").path(0).asText();
                if (SERVICES.contains(service)) {
                    out.put(service, c);
                }
            }
        }
        return out;
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError(name + " not set");
    }

    /**
     * Jackson reads {@code <<: *name} as a field {@code "<<": "name"}; this file's convention is that
     * {@code &name} anchors the top-level extension field {@code x-name}, so merge it from there.
     */
    private static JsonNode resolveMerges(JsonNode root) {
        resolve(root, root);
        return root;
    }

    private static void resolve(JsonNode node, JsonNode root) {
        if (node instanceof ObjectNode object) {
            JsonNode merge = object.remove("<<");
            if (merge != null) {
                JsonNode base = root.path("x-" + merge.asText());
                assertThat(base.isObject()).as("anchor x-%s", merge.asText()).isTrue();
                for (Iterator<Map.Entry<String, JsonNode>> it = base.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!object.has(e.getKey())) {
                        object.set(e.getKey(), e.getValue().deepCopy());
                    }
                }
            }
            object.fields().forEachRemaining(e -> resolve(e.getValue(), root));
        } else if (node.isArray()) {
            node.forEach(n -> resolve(n, root));
        }
    }
}
