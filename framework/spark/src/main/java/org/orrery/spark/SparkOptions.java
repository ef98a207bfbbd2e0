package org.orrery.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to run campaigns on Spark.
 *
 * @param master      Spark master URL ({@code local[2]}, {@code spark://host:7077}, …); null takes the one
 *                    {@code spark-submit} set ({@code spark.master})
 * @param pluginDirs  the drop-in directories the driver's host watches; every executor starts its own
 *                    host over the same directories, so on a cluster they must be on storage every node
 *                    sees at the same path, or be shipped with {@code shipPlugins}
 * @param shipPlugins ship the drop-in directories with the job ({@code SparkContext.addFile}); each
 *                    executor then reads its own copy (program files keep their executable bit)
 * @param shared      where executors write shards: null writes them straight into the bank's
 *                    {@code <out>.parts/} directory (a local or shared POSIX path, e.g. NFS or Lustre); a
 *                    Hadoop file system URI ({@code hdfs://…}, {@code s3a://…}, {@code file:///…})
 *                    stages them there, and the driver copies them into {@code <out>.parts/}
 * @param conf        extra Spark configuration ({@code spark.*} keys)
 */
public record SparkOptions(String master, List<Path> pluginDirs, boolean shipPlugins, String shared,
        Map<String, String> conf) {

    public SparkOptions {
        pluginDirs = pluginDirs == null ? List.of()
                : pluginDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        conf = conf == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(conf));
        if (master != null && master.isBlank()) {
            throw new IllegalArgumentException("--master must name a Spark master (local[2], spark://host:7077), got an empty value");
        }
    }

    public static SparkOptions local(int cores, List<Path> pluginDirs) {
        return new SparkOptions("local[" + cores + "]", pluginDirs, false, null, Map.of());
    }

    public SparkOptions withConf(String key, String value) {
        Map<String, String> c = new LinkedHashMap<>(conf);
        c.put(key, value);
        return new SparkOptions(master, pluginDirs, shipPlugins, shared, c);
    }

    public SparkOptions withShared(String uri) {
        return new SparkOptions(master, pluginDirs, shipPlugins, uri, conf);
    }

    public SparkOptions withShipPlugins(boolean ship) {
        return new SparkOptions(master, pluginDirs, ship, shared, conf);
    }
}
