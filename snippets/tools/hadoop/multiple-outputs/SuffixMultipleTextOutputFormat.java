// 集群的后缀路由多路输出格式：值以 #A 结尾的记录写到 part-NNNNN-A，#B 写到 part-NNNNN-B
package org.apache.hadoop.mapred.lib;

import org.apache.hadoop.io.Text;

/**
 * The cluster's suffix-routed multiple output format, as glue on Hadoop's own MultipleTextOutputFormat:
 * a record whose value ends in "#X" (one letter or digit) goes to the file "<name>-X" (part-00000-A,
 * part-00000-B, …) without the suffix; a record without a suffix goes to "<name>". Compression,
 * the output committer and the record writer are TextOutputFormat's.
 */
public class SuffixMultipleTextOutputFormat extends MultipleTextOutputFormat<Text, Text> {
  static String suffixOf(Text value) {
    String v = value.toString();
    int n = v.length();
    if (n < 2) {
      return null;
    }
    int last = v.codePointBefore(n); // a whole character, also one outside the BMP (two UTF-16 units)
    int start = n - Character.charCount(last);
    if (start >= 1 && v.charAt(start - 1) == '#' && Character.isLetterOrDigit(last)) {
      return v.substring(start);
    }
    return null;
  }

  @Override
  protected String generateFileNameForKeyValue(Text key, Text value, String name) {
    String suffix = suffixOf(value);
    return suffix == null ? name : name + "-" + suffix;
  }

  @Override
  protected Text generateActualValue(Text key, Text value) {
    String suffix = suffixOf(value);
    if (suffix == null) {
      return value;
    }
    String v = value.toString();
    return new Text(v.substring(0, v.length() - suffix.length() - 1));
  }
}
