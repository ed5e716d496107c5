package io.reelstream.lifecycle.cli;

import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.lifecycle.experiment.ArmMetrics;
import io.reelstream.lifecycle.registry.Fixtures;
import io.reelstream.schemas.ArmCounts;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.schemas.registry.ModelRegistryClient;
import io.reelstream.schemas.registry.RegistryClientConfig;
import io.reelstream.schemas.registry.RegistryState;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/reelstream's commands in-process against a real broker; each test has a registry of its own (--set topic names). */
class ReelstreamCliTest {
    private static EmbeddedKafkaCluster kafka;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private String namespace;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private RegistryClientConfig config() {
        return RegistryClientConfig.defaults(kafka.bootstrapServers()).withNamespace(namespace);
    }

    /** Runs the CLI with this test's broker and registry; out and err hold only this run's output. */
    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--help") && !all.contains("--bootstrap-servers")) {
            RegistryClientConfig c = config();
            all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                    "--set", RegistryClientConfig.REGISTRY_TOPIC_CONFIG + "=" + c.registryTopic(),
                    "--set", RegistryClientConfig.AUDIT_TOPIC_CONFIG + "=" + c.auditTopic(),
                    "--set", RegistryClientConfig.EXPERIMENTS_TOPIC_CONFIG + "=" + c.experimentsTopic(),
                    "--set", RegistryClientConfig.ITEM_EMBEDDINGS_TOPIC_CONFIG + "=" + c.itemEmbeddingsTopic(),
                    "--set", RegistryClientConfig.ITEM_NEIGHBOURS_TOPIC_CONFIG + "=" + c.itemNeighboursTopic(),
                    "--set", RegistryClientConfig.TRANSACTIONAL_ID_CONFIG + "=" + c.transactionalId(),
                    "--set", CliOptions.ONLINE_METRICS_TOPIC_CONFIG + "=" + namespace + "online-metrics"));
        }
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = ReelstreamCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all.toArray(String[]::new));
    }

    /** Exit 2, exactly one line on stderr containing {@code expected}, and the registry as it was. */
    private void assertBadInput(String expected, String... args) {
        RegistryState before = new ModelRegistryClient(config()).read();
        assertEquals(2, run(args), "exit code of " + String.join(" ", args) + "; err: " + err);
        String e = err.toString().strip();
        assertTrue(e.startsWith("error: ") && !e.contains("\n"), "one line: " + e);
        assertTrue(e.contains(expected), e);
        assertEquals(before, new ModelRegistryClient(config()).read(), "registry unchanged by " + String.join(" ", args));
    }

    /** Some line of {@code text} matches {@code regex}. */
    private static void assertLine(String regex, String text) {
        assertTrue(text.lines().anyMatch(l -> l.matches(regex)), "no line matches '" + regex + "' in:\n" + text);
    }

    private void register(String version, double ndcg) {
        new ModelRegistryClient(config()).register(version, "als", Fixtures.lineage(null), Fixtures.als(ndcg), "publish",
                "trained");
    }

    private ModelStage stage(String version) {
        return new ModelRegistryClient(config()).read().entries().get(version).getStage();
    }

    @Test
    void helpOnEveryCommand() {
        namespace = "help-";
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("models") && out.toString().contains("experiments"), out.toString());
        assertTrue(out.toString().contains("gate.margin") && out.toString().contains("registry.transactional.id"), out.toString());
        for (String[] command : List.of(new String[] {"models"}, new String[] {"models", "list"}, new String[] {"models", "show"},
                new String[] {"models", "promote"}, new String[] {"models", "rollback"}, new String[] {"models", "archive"},
                new String[] {"experiments"}, new String[] {"experiments", "start"}, new String[] {"experiments", "stop"},
                new String[] {"experiments", "list"}, new String[] {"experiments", "show"}, new String[] {"experiments", "status"},
                new String[] {"lifecycle"})) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            assertEquals(0, run(args.toArray(String[]::new)), String.join(" ", command));
            assertTrue(out.toString().startsWith("Usage: reelstream " + String.join(" ", command)), out.toString());
        }
        run("models", "promote", "--help");
        assertTrue(out.toString().contains("--force") && out.toString().contains("--reason"), out.toString());
        assertTrue(out.toString().replaceAll("\\s+", " ").contains("gate.margin (default 1 %)"), "percent signs rendered: " + out);
        run("experiments", "start", "--help");
        assertTrue(out.toString().contains("--no-auto-promote") || out.toString().contains("--[no-]auto-promote"), out.toString());
        assertTrue(out.toString().replaceAll("\\s+", " ").contains("0.05 = 5 % better"), "percent signs rendered: " + out);
    }

    @Test
    void modelsVerbs() {
        namespace = "models-";
        assertEquals(0, run("models", "list"));
        assertTrue(out.toString().startsWith("no model versions registered on models-model-registry"), out.toString());
        register("run_a", 0.090);
        register("run_b", 0.095);
        register("run_c", 0.080);

        assertEquals(0, run("models", "list"), err.toString());
        String[] lines = out.toString().split("\n");
        assertEquals(4, lines.length, out.toString());
        assertTrue(lines[0].matches("VERSION +KIND +STAGE +REGISTERED +KEY METRIC +PARENT +LAST TRANSITION"), lines[0]);
        assertTrue(lines[1].matches("run_a +als +CANDIDATE +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ +als.ndcg 0.0900 +- +\\d{4}-\\d\\d-\\d\\d"
                + " \\d\\d:\\d\\dZ CANDIDATE by publish: trained"), lines[1]);

        assertEquals(0, run("models", "promote", "run_a", "--by", "alice", "--reason", "first model"), err.toString());
        assertTrue(out.toString().startsWith("promoted run_a to PRODUCTION\n"), out.toString());
        assertTrue(out.toString().contains("first model; no production version yet: gate vacuous"), out.toString());

        assertBadInput("gate refused run_c: run_c als.ndcg 0.0800 vs production run_a als.ndcg 0.0900: -11.1 % (margin 1.0 %)."
                + " To promote anyway: models promote run_c --force --reason TEXT", "models", "promote", "run_c");

        assertEquals(0, run("models", "promote", "run_b", "--by", "bob"), err.toString());
        assertLine("  run_a +PRODUCTION +ARCHIVED +replaced by run_b", out.toString());
        assertTrue(out.toString().contains("rollback target: run_a"), out.toString());

        assertEquals(0, run("models", "show", "run_b"), err.toString());
        String show = out.toString();
        assertLine("stage +PRODUCTION", show);
        assertLine("rollback target +run_a", show);
        assertLine("  data fingerprint +ab12cd34", show);
        assertLine("  als.ndcg +0.0950", show);
        assertLine("    split.mode +temporal", show);
        assertTrue(show.matches("(?s).*  2  \\S+ \\S+  CANDIDATE  PRODUCTION  bob +gate passed: run_b als.ndcg 0.0950 vs"
                + " production run_a als.ndcg 0.0900: \\+5.6 % \\(margin 1.0 %\\).*"), show);
        assertTrue(show.contains("details of #2: candidate.als.ndcg=0.0950, candidate.eval.final=0, candidate.eval.k=10"), show);

        assertEquals(0, run("models", "promote", "run_c", "--force", "--reason", "online test says so", "--by", "carol"),
                err.toString());
        assertTrue(out.toString().matches("(?s).*run_c +CANDIDATE +PRODUCTION +yes +online test says so; forced past the gate.*"),
                out.toString());
        assertTrue(out.toString().contains("rows removed: run_a (0 keys tombstoned"), out.toString());
        assertEquals(ModelStage.PRODUCTION, stage("run_c"));

        assertEquals(0, run("models", "rollback", "--reason", "forced one is bad"), err.toString());
        assertTrue(out.toString().startsWith("rolled back to run_b\n"), out.toString());
        assertTrue(out.toString().contains("rollback: forced one is bad"), out.toString());
        assertLine("rollback target: run_a, but its rows were removed: 'models rollback' would be refused", out.toString());
        assertEquals(ModelStage.PRODUCTION, stage("run_b"));

        register("run_d", 0.1);
        assertEquals(0, run("models", "archive", "run_d", "--reason", "trained on bad data"), err.toString());
        assertTrue(out.toString().startsWith("archived run_d\n"), out.toString());
        assertTrue(out.toString().contains("rows removed: run_d"), out.toString());

        assertEquals(0, run("models", "list"));
        assertTrue(out.toString().matches("(?s).*run_a +als +ARCHIVED, rows removed .*"), out.toString());
        assertTrue(out.toString().matches("(?s).*run_b +als +PRODUCTION .*"), out.toString());
    }

    @Test
    void badModelsInputIsOneLineExitTwoAndChangesNothing() {
        namespace = "badmodels-";
        register("run_a", 0.09);
        register("run_b", 0.05);
        assertBadInput("no PRODUCTION version: nothing to roll back", "models", "rollback");
        assertEquals(0, run("models", "promote", "run_a"));
        assertBadInput("unknown model version 'run_x' (registered: run_a, run_b; see 'models list')", "models", "promote", "run_x");
        assertBadInput("unknown model version 'run_x'", "models", "show", "run_x");
        assertBadInput("unknown model version 'run_x'", "models", "archive", "run_x");
        assertBadInput("no previous production version to roll back to: run_a", "models", "rollback");
        assertBadInput("run_a is PRODUCTION and cannot be archived: promote another version or roll back first",
                "models", "archive", "run_a");
        assertBadInput("run_a is PRODUCTION already", "models", "promote", "run_a");
        assertBadInput("--force needs --reason TEXT", "models", "promote", "run_b", "--force");
        assertEquals(0, run("models", "archive", "run_b"));
        assertBadInput("run_b is ARCHIVED: an archived version comes back only by 'models rollback'", "models", "promote", "run_b");
        assertBadInput("run_b is ARCHIVED already", "models", "archive", "run_b");
        assertBadInput("Missing required parameter: 'VERSION'", "models", "promote");
        assertBadInput("Unknown option: '--forse'", "models", "promote", "run_b", "--forse");
        assertBadInput("unknown config key 'gate.marjin'", "models", "promote", "run_b", "--set", "gate.marjin=0.5");
        assertBadInput("gate.margin must be in [0, 1), got 2.0", "models", "promote", "run_b", "--set", "gate.margin=2");
        assertBadInput("--timeout must be >= 1 s, got 0", "models", "list", "--timeout", "0");
        assertBadInput("Unmatched arguments from index 1: 'demote'", "models", "demote");
    }

    @Test
    void experimentsVerbsAndBadInput() throws Exception {
        namespace = "exp-";
        register("run_a", 0.09);
        register("run_b", 0.09);
        register("run_c", 0.09);
        assertEquals(0, run("models", "promote", "run_a"));
        assertEquals(0, run("experiments", "list"));
        assertEquals("no experiments on exp-experiments", out.toString().strip());

        assertBadInput("--share must be in (0, 1), exclusive", "experiments", "start", "--control", "run_a", "--treatment", "run_b",
                "--share", "1");
        assertBadInput("unknown metric 'ctr': choose hit_rate or like_rate", "experiments", "start", "--control", "run_a",
                "--treatment", "run_b", "--share", "0.5", "--metric", "ctr");
        assertBadInput("control and treatment are the same version run_b", "experiments", "start", "--control", "run_b",
                "--treatment", "run_b", "--share", "0.5");
        assertBadInput("unknown model version 'run_q'", "experiments", "start", "--control", "run_a", "--treatment", "run_q",
                "--share", "0.5");
        assertBadInput("Missing required option: '--share=P'", "experiments", "start", "--control", "run_a", "--treatment", "run_b");
        assertBadInput("Invalid value for option '--share'", "experiments", "start", "--control", "run_a", "--treatment", "run_b",
                "--share", "half");

        assertEquals(0, run("experiments", "start", "--control", "run_a", "--treatment", "run_b", "--share", "0.25",
                "--min-samples", "200", "--min-lift", "0.1", "--no-auto-promote", "--id", "exp-1", "--reason", "recency",
                "--by", "alice"), err.toString());
        assertTrue(out.toString().startsWith("started experiment exp-1: run_a (control) vs run_b (treatment, 25.0 % of users),"
                + " metric hit_rate\n"), out.toString());
        assertLine("  run_b +CANDIDATE +STAGING +recency; treatment of experiment exp-1 against run_a, share 0.25", out.toString());
        assertEquals(ModelStage.STAGING, stage("run_b"));

        assertBadInput("experiment exp-1 is running (control run_a, treatment run_b) and every experiment splits all users:"
                + " stop it first with 'experiments stop exp-1'", "experiments", "start", "--control", "run_a", "--treatment",
                "run_c", "--share", "0.5");
        assertBadInput("cannot promote run_c while experiment exp-1 is running", "models", "promote", "run_c");

        assertEquals(0, run("experiments", "list"));
        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].matches("ID +STATUS +CONTROL +TREATMENT +SHARE +METRIC +MIN SAMPLES +MIN LIFT +STARTED +ENDED +BY"
                + " +OUTCOME"), lines[0]);
        assertTrue(lines[1].matches("exp-1 +RUNNING +run_a +run_b +25.0 % +hit_rate +200 +10.0 % .* alice +-"), lines[1]);

        assertEquals(0, run("experiments", "show", "exp-1"), err.toString());
        assertLine("decision rule +min 200 trials per arm, min lift 10.0 %, alpha 0.05, auto-promote no", out.toString());
        assertTrue(out.toString().contains("no online counts yet on exp-online-metrics for exp/exp-1/control or exp/exp-1/treatment"),
                out.toString());

        writeArmCounts("exp-1");
        assertEquals(0, run("experiments", "show", "exp-1"), err.toString());
        assertTrue(out.toString().matches("(?s).*  control +run_a +10 +100 +60 +30 +12 +0.2000 +0.4000 .*"), out.toString());
        assertTrue(out.toString().matches("(?s).*  treatment +run_b +10 +100 +60 +30 +15 +0.2500 +0.5000 .*"), out.toString());
        assertTrue(out.toString().contains("Lift, intervals and p-values: 'experiments status exp-1'"), out.toString());
        assertEquals(0, run("experiments", "status", "exp-1"), err.toString());
        String status = out.toString();
        assertLine("  control +run_a +60 +12 +0.2000", status);
        assertLine("  treatment +run_b +60 +15 +0.2500", status);
        assertLine("  relative lift +\\+25.00 % \\[95 % CI [-+][0-9.]+ %, [-+][0-9.]+ %\\]", status);
        assertLine("  fixed-horizon p +0\\.[0-9]+ \\(z [0-9.]+; two-proportion z-test, reported, not decided on\\)", status);
        assertLine("  always-valid p +[0-9.]+ \\(mSPRT, from 1 at these counts\\)", status);
        assertLine("  decision +INCONCLUSIVE: waiting for 200 trials per arm \\(control 60, treatment 60\\)", status);

        assertEquals(0, run("experiments", "stop", "exp-1", "--reason", "enough"), err.toString());
        assertTrue(out.toString().startsWith("stopped experiment exp-1\n"), out.toString());
        assertLine("  run_b +STAGING +CANDIDATE +enough; experiment exp-1 stopped without promotion", out.toString());
        assertEquals(ModelStage.CANDIDATE, stage("run_b"));
        assertBadInput("experiment exp-1 is STOPPED already", "experiments", "stop", "exp-1");
        assertBadInput("unknown experiment 'exp-9' (known: exp-1; see 'experiments list')", "experiments", "show", "exp-9");
        assertBadInput("experiment exp-1 exists already (STOPPED); choose another --id", "experiments", "start", "--control",
                "run_a", "--treatment", "run_c", "--share", "0.5", "--id", "exp-1");

        assertEquals(0, run("experiments", "start", "--control", "run_a", "--treatment", "run_c", "--share", "0.5"));
        assertTrue(out.toString().matches("(?s)started experiment exp-\\d{8}-\\d{6}: .*"), out.toString());
    }

    @Test
    void anUnreachableBrokerExitsOneWithOneLine() throws Exception {
        namespace = "down-";
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = ReelstreamCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertEquals(1, cli.execute("models", "list", "--bootstrap-servers", "localhost:" + closedPort, "--timeout", "2"));
        String e = err.toString().strip();
        assertTrue(e.startsWith("error: cannot reach Kafka at localhost:" + closedPort + " within 2 s") && !e.contains("\n"), e);
        assertFalse(e.contains("Exception\n"), e);
    }

    @Test
    void theLifecycleServiceRefusesBadConfigWithOneLine() throws Exception {
        namespace = "svc-";
        String[][] bad = {
                {"lifecycle", "--set", "lifecycle.no.such.key=1", "--set", "lifecycle.retrain.enabled=false"},
                {"lifecycle", "--set", "trigger.quality.enabled=false", "--set", "trigger.drift.enabled=false", "--set",
                        "trigger.feedback.enabled=false", "--set", "trigger.schedule.enabled=false", "--set", "lifecycle.retrain.enabled=false"},
                {"lifecycle", "--set", "lifecycle.data.dir=/no/such/dir", "--set", "lifecycle.trainer.command=java -jar t.jar"},
                {"lifecycle"}};
        String[] expected = {"unknown config key 'lifecycle.no.such.key'", "no retraining trigger is enabled",
                "lifecycle.data.dir = /no/such/dir: data dir /no/such/dir is not a directory", "lifecycle.data.dir is required"};
        for (int i = 0; i < bad.length; i++) {
            out = new StringWriter();
            err = new StringWriter();
            CommandLine cli = ReelstreamCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            assertEquals(2, cli.execute(bad[i]), String.join(" ", bad[i]) + ": " + err);
            String e = err.toString().strip();
            assertTrue(e.startsWith("error: ") && !e.contains("\n") && e.contains(expected[i]), e);
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = ReelstreamCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertEquals(1, cli.execute("lifecycle", "--bootstrap-servers", "localhost:" + closedPort, "--set",
                "lifecycle.retrain.enabled=false", "--set", "registry.timeout.ms=2000"));
        String e = err.toString().strip();
        assertTrue(e.startsWith("error: cannot reach Kafka at localhost:" + closedPort) && !e.contains("\n"), e);
        assertTrue(out.toString().startsWith("lifecycle service configuration:"), "the configuration is printed first: " + out);
    }

    private void writeArmCounts(String experimentId) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        String topic = namespace + "online-metrics";
        var serializer = AvroSerdes.serde(OnlineMetrics.class).serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (String arm : List.of("control", "treatment")) {
                ArmCounts counts = new ArmCounts(10L, 100L, 60L, 30L, arm.equals("control") ? 12L : 15L);
                OnlineMetrics m = OnlineMetrics.newBuilder().setScope(ArmMetrics.scope(experimentId, arm))
                        .setModelVersion(arm.equals("control") ? "run_a" : "run_b").setExperimentId(experimentId).setArm(arm)
                        .setCumulative(counts).setWindowStart(0L).setWindowMs(60_000L).setWindow(counts).setUpdatedAt(1L).build();
                producer.send(new ProducerRecord<>(topic, m.getScope(), serializer.serialize(topic, m))).get(30, TimeUnit.SECONDS);
            }
        }
    }
}
