package org.orrery.spark.internal;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.util.SerializableConfiguration;
import org.orrery.io.AtomicFiles;

/**
 * Shards staged on a Hadoop file system (HDFS, S3 through s3a, or file:// for a test) when the
 * executors cannot write the bank's parts directory: each executor writes its shard locally, uploads
 * it under a temporary name and renames it to {@code chunk-NNNNNNNNN.shard} (atomic on HDFS; on object
 * stores a rename is a copy, so a half-copied object never carries the final name). The driver then
 * copies the staged shards into the parts directory, where the shard store checks their CRC as for any
 * other shard. The staging directory is named after the campaign, so a resumed run finds the shards of
 * the run it continues.
 */
public final class Staging implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String dir;
    private final SerializableConfiguration conf;

    public Staging(String root, String campaignKey, Configuration conf) {
        this.dir = root.replaceAll("/+$", "") + "/" + campaignKey;
        this.conf = new SerializableConfiguration(conf);
    }

    public String directory() {
        return dir;
    }

    static String shardName(int chunk) {
        return String.format(Locale.ROOT, "chunk-%09d.shard", chunk);
    }

    private FileSystem fs() throws IOException {
        return new org.apache.hadoop.fs.Path(dir).getFileSystem(conf.value());
    }

    /** Uploads one local shard under its final name (temporary name, then rename; same bytes on a retry). */
    void upload(Path local, int chunk) throws IOException {
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir, shardName(chunk));
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dir,
                "." + shardName(chunk) + "." + java.util.UUID.randomUUID() + ".tmp");
        fs.mkdirs(new org.apache.hadoop.fs.Path(dir));
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), tmp);
        if (fs.exists(target)) {
            fs.delete(target, false); // an earlier attempt's copy: the same bytes
        }
        if (!fs.rename(tmp, target)) {
            fs.delete(tmp, false);
            if (!fs.exists(target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        }
    }

    /**
     * Copies the staged shards of {@code chunks} that exist into {@code parts} (temp file + atomic
     * rename, fsynced) and returns how many were copied.
     */
    public int download(List<Integer> chunks, Path parts) throws IOException {
        FileSystem fs = fs();
        int n = 0;
        for (int chunk : chunks) {
            org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(dir, shardName(chunk));
            if (!fs.exists(src)) {
                continue;
            }
            Path target = parts.resolve(shardName(chunk));
            Path tmp = parts.resolve("." + shardName(chunk) + ".download");
            try (var in = fs.open(src)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            AtomicFiles.move(tmp, target);
            n++;
        }
        AtomicFiles.fsyncDirectory(parts);
        return n;
    }

    /** Removes the staging directory once the bank is complete. */
    public void delete() throws IOException {
        fs().delete(new org.apache.hadoop.fs.Path(dir), true);
    }
}
