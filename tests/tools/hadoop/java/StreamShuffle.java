import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.RawComparator;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.JobContextImpl;
import org.apache.hadoop.mapred.JobID;
import org.apache.hadoop.mapred.OutputCommitter;
import org.apache.hadoop.mapred.OutputFormat;
import org.apache.hadoop.mapred.Partitioner;
import org.apache.hadoop.mapred.RecordWriter;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.TaskAttemptContextImpl;
import org.apache.hadoop.mapred.TaskAttemptID;
import org.apache.hadoop.mapred.TaskID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * The Hadoop half of the tests' local streaming runner: what the framework does between and after
 * the streaming processes, done by Hadoop's own classes configured from the job's options.
 *
 *   shuffle JOB.properties OUT_DIR RECORDS...   partition every record with the job's partitioner
 *       (mapred.partitioner.class, e.g. KeyFieldBasedPartitioner) into mapred.reduce.tasks parts, sort
 *       each part with the job's output key comparator (e.g. KeyFieldBasedComparator), write
 *       OUT_DIR/part-NNNNN as "key TAB value" lines, the way streaming feeds a reducer.
 *   output JOB.properties OUTPUT_DIR NAME=RECORDS...   write each reducer's records through the job's
 *       output format (-outputformat; compression from mapred.output.compress*) with the job's output
 *       committer, as task attempt r_NNNNN of one job; commitJob writes _SUCCESS.
 *
 * RECORDS files hold one record per line, key and value separated by the first TAB.
 */
public class StreamShuffle {
  static JobConf load(String props) throws Exception {
    JobConf conf = new JobConf();
    Properties p = new Properties();
    try (var in = new InputStreamReader(new FileInputStream(props), StandardCharsets.UTF_8)) {
      p.load(in);
    }
    for (Map.Entry<Object, Object> e : p.entrySet()) {
      conf.set((String) e.getKey(), (String) e.getValue());
    }
    return conf;
  }

  record Rec(Text key, Text value, byte[] raw, int seq) {}

  static void readRecords(String file, List<Rec> out) throws Exception {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new FileInputStream(file), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        int tab = line.indexOf('\t');
        Text key = new Text(tab < 0 ? line : line.substring(0, tab));
        Text value = new Text(tab < 0 ? "" : line.substring(tab + 1));
        DataOutputBuffer buf = new DataOutputBuffer();
        key.write(buf);
        out.add(new Rec(key, value, java.util.Arrays.copyOf(buf.getData(), buf.getLength()), out.size()));
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static void shuffle(JobConf conf, String outDir, List<String> inputs) throws Exception {
    int reduces = conf.getNumReduceTasks();
    Partitioner<Text, Text> partitioner = ReflectionUtils.newInstance(conf.getPartitionerClass(), conf);
    RawComparator<Text> comparator = (RawComparator<Text>) conf.getOutputKeyComparator();
    List<List<Rec>> parts = new ArrayList<>();
    for (int i = 0; i < reduces; i++) {
      parts.add(new ArrayList<>());
    }
    List<Rec> all = new ArrayList<>();
    for (String input : inputs) {
      readRecords(input, all);
    }
    for (Rec rec : all) {
      parts.get(partitioner.getPartition(rec.key(), rec.value(), reduces)).add(rec);
    }
    Comparator<Rec> order = (a, b) -> {
      int c = comparator.compare(a.raw(), 0, a.raw().length, b.raw(), 0, b.raw().length);
      return c != 0 ? c : Integer.compare(a.seq(), b.seq());
    };
    Files.createDirectories(Paths.get(outDir));
    for (int i = 0; i < reduces; i++) {
      List<Rec> part = parts.get(i);
      if (part.isEmpty()) {
        continue;
      }
      part.sort(order);
      Path file = Paths.get(outDir, String.format("part-%05d", i));
      try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(file.toFile()), StandardCharsets.UTF_8))) {
        for (Rec rec : part) {
          w.write(rec.key() + "\t" + rec.value() + "\n");
        }
      }
    }
    System.out.println("partitioner=" + partitioner.getClass().getName() + " comparator=" + comparator.getClass().getName()
        + " reduces=" + reduces);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static void output(JobConf conf, String outputDir, List<String> named) throws Exception {
    org.apache.hadoop.mapred.FileOutputFormat.setOutputPath(conf, new org.apache.hadoop.fs.Path(outputDir));
    JobID jobId = new JobID("local", 1);
    OutputCommitter committer = conf.getOutputCommitter();
    committer.setupJob(new JobContextImpl(conf, jobId));
    FileSystem fs = FileSystem.get(conf);
    for (String spec : named) {
      String name = spec.substring(0, spec.indexOf('='));
      int partition = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
      TaskAttemptID attempt = new TaskAttemptID(new TaskID(jobId, TaskType.REDUCE, partition), 0);
      JobConf taskConf = new JobConf(conf);
      taskConf.set("mapreduce.task.attempt.id", attempt.toString());
      TaskAttemptContextImpl task = new TaskAttemptContextImpl(taskConf, attempt);
      committer.setupTask(task);
      OutputFormat<Text, Text> format = taskConf.getOutputFormat();
      RecordWriter<Text, Text> writer = format.getRecordWriter(fs, taskConf, name, Reporter.NULL);
      List<Rec> recs = new ArrayList<>();
      readRecords(spec.substring(spec.indexOf('=') + 1), recs);
      for (Rec rec : recs) {
        writer.write(rec.key(), rec.value());
      }
      writer.close(Reporter.NULL);
      if (committer.needsTaskCommit(task)) {
        committer.commitTask(task);
      }
    }
    committer.commitJob(new JobContextImpl(conf, jobId));
    System.out.println("outputformat=" + conf.getOutputFormat().getClass().getName() + " committer="
        + committer.getClass().getName());
  }

  public static void main(String[] args) throws Exception {
    JobConf conf = load(args[1]);
    List<String> rest = List.of(args).subList(3, args.length);
    switch (args[0]) {
      case "shuffle" -> shuffle(conf, args[2], rest);
      case "output" -> output(conf, args[2], rest);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }
}
