package io.reelstream.spark;

import io.reelstream.trainer.config.ConfigException;
import io.reelstream.trainer.config.TrainerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkMasterTest {
    @Test
    void everyFormSparkAcceptsPasses() {
        for (String url : new String[] {"local", "local[1]", "local[2]", "local[*]", "local[4,3]", "local[*,2]",
                "local-cluster[2,1,1024]", "spark://master:7077", "spark://m1:7077,m2:7077", "yarn",
                "k8s://https://kube.example:6443", "k8s://kube:443"}) {
            assertNull(SparkMaster.problem(url), url);
        }
    }

    @Test
    void badUrlsAreRefusedWithWhatToUse() {
        assertTrue(SparkMaster.problem("locl[2]").contains("is not a Spark master URL: use local, local[N]"));
        assertTrue(SparkMaster.problem("local[0]").contains("0 threads"));
        assertTrue(SparkMaster.problem("local[2,0]").contains("F of local[N,F]"));
        assertTrue(SparkMaster.problem("spark://master").contains("a port is required"));
        assertTrue(SparkMaster.problem("mesos://zk:2181").contains("dropped Mesos"));
        assertTrue(SparkMaster.problem("").contains("is not a Spark master URL"));
    }

    @Test
    void aBadMasterInTheConfigNamesTheKeyAndWhereItCameFrom() {
        TrainerConfig config = TrainerConfig.resolve(null, Map.of(), Map.of(TrainerConfig.SPARK_MASTER_CONFIG, "local[two]"));
        ConfigException e = assertThrows(ConfigException.class, () -> SparkMaster.of(config));
        assertEquals("spark.master = 'local[two]' (from flag) is not a Spark master URL: use " + SparkMaster.FORMS, e.getMessage());
    }

    @Test
    void localThreadsComeFromTheUrl() {
        assertEquals(2, new SparkMaster("local[2]", false).localThreads());
        assertEquals(1, new SparkMaster("local", false).localThreads());
        assertEquals(Runtime.getRuntime().availableProcessors(), new SparkMaster("local[*]", false).localThreads());
        assertEquals(0, new SparkMaster("yarn", false).localThreads());
        assertFalse(new SparkMaster("spark://m:7077", false).isLocal());
    }

    @Test
    void sparkSubmitsMasterWinsOnlyOverTheDefault() {
        String before = System.getProperty("spark.master");
        System.setProperty("spark.master", "spark://cluster:7077");
        try {
            SparkMaster submitted = SparkMaster.of(TrainerConfig.defaults());
            assertEquals("spark://cluster:7077", submitted.url());
            assertTrue(submitted.fromSubmit());
            SparkMaster explicit = SparkMaster.of(TrainerConfig.resolve(null, Map.of(),
                    Map.of(TrainerConfig.SPARK_MASTER_CONFIG, "local[1]")));
            assertEquals("local[1]", explicit.url());
            assertFalse(explicit.fromSubmit());
        } finally {
            if (before == null) System.clearProperty("spark.master");
            else System.setProperty("spark.master", before);
        }
    }
}
