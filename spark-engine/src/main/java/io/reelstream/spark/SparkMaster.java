package io.reelstream.spark;

import io.reelstream.trainer.config.ConfigException;
import io.reelstream.trainer.config.TrainerConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Spark master a fit runs on, checked before Spark starts (Spark's own check comes seconds later,
 * inside SparkContext, as a bare "Could not parse Master URL"). The forms Spark 4 accepts:
 * <pre>
 *   local | local[N] | local[*] | local[N,F] | local[*,F]   threads in this JVM (F: task retries)
 *   local-cluster[W,C,M]                                   W workers of C cores and M MB (Spark's test mode)
 *   spark://host:port[,host:port...]                       a standalone cluster (several masters: ZooKeeper HA)
 *   yarn                                                   YARN, found through HADOOP_CONF_DIR
 *   k8s://[https://]host[:port]                             a Kubernetes API server
 * </pre>
 * Under spark-submit the master comes from its --master (the {@code spark.master} system property):
 * that wins over this key's default, never over a master given to the trainer explicitly.
 *
 * @param url         the URL as Spark will get it
 * @param fromSubmit  true when it came from spark-submit rather than the trainer's config
 */
public record SparkMaster(String url, boolean fromSubmit) {
    static final String FORMS = "local, local[N], local[*], local[N,F], local-cluster[W,C,M], spark://host:port,"
            + " yarn or k8s://https://host:port";
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,(\\d+))?\\])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[(\\d+),\\s*(\\d+),\\s*(\\d+)\\]");
    private static final Pattern STANDALONE = Pattern.compile("spark://[^\\s/:,]+:\\d{1,5}(?:,[^\\s/:,]+:\\d{1,5})*");
    private static final Pattern K8S = Pattern.compile("k8s://(?:https?://)?[^\\s/:]+(?::\\d{1,5})?(?:/\\S*)?");

    /** The master of a run: the config's spark.master, or spark-submit's when the key was left at its default. */
    public static SparkMaster of(TrainerConfig config) {
        String key = TrainerConfig.SPARK_MASTER_CONFIG;
        String submitted = System.getProperty("spark.master");
        boolean useSubmitted = submitted != null && !submitted.isBlank() && "default".equals(config.origin(key));
        String url = useSubmitted ? submitted.trim() : config.values().get(key).trim();
        String problem = problem(url);
        if (problem != null) {
            throw new ConfigException(key + " = '" + url + "' (from " + (useSubmitted ? "spark-submit --master"
                    : config.origin(key)) + ") " + problem);
        }
        return new SparkMaster(url, useSubmitted);
    }

    /** Why Spark would refuse this master URL, or null when it is one of the forms above. */
    static String problem(String url) {
        Matcher local = LOCAL.matcher(url);
        if (local.matches()) {
            if (local.group(1) != null && !local.group(1).equals("*") && Integer.parseInt(local.group(1)) < 1) {
                return "asks for 0 threads: use local[N] with N >= 1, or local[*] for every core";
            }
            if (local.group(2) != null && Integer.parseInt(local.group(2)) < 1) {
                return "allows 0 task attempts: the F of local[N,F] must be >= 1";
            }
            return null;
        }
        Matcher cluster = LOCAL_CLUSTER.matcher(url);
        if (cluster.matches()) {
            for (int g = 1; g <= 3; g++) {
                if (Integer.parseInt(cluster.group(g)) < 1) return "needs workers, cores and MB >= 1 in local-cluster[W,C,M]";
            }
            return null;
        }
        if (STANDALONE.matcher(url).matches() || url.equals("yarn") || K8S.matcher(url).matches()) return null;
        if (url.startsWith("mesos://")) return "is a Mesos master: Spark 4 dropped Mesos; use " + FORMS;
        if (url.startsWith("spark://")) return "is not spark://host:port (a port is required, e.g. spark://master:7077)";
        return "is not a Spark master URL: use " + FORMS;
    }

    /** Threads of a local master (local[*]: every core), or 0 for a cluster. */
    public int localThreads() {
        Matcher local = LOCAL.matcher(url);
        if (!local.matches()) return 0;
        if (local.group(1) == null) return 1;
        return local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(local.group(1));
    }

    /** True for local[...] masters: the fit runs inside this JVM. */
    public boolean isLocal() {
        return LOCAL.matcher(url).matches();
    }
}
