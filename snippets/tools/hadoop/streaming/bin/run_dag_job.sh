#!/usr/bin/env bash
# 提交 feed 点击 × cuid 索引 × nid 元数据的 streaming DAG 作业（4 个顶点，图文/视频两路输出）
set -euo pipefail
cd "$(dirname "$0")"  # -file 的路径相对于 bin/

# [start settings]
# 集群和数据路径由环境给出（通常在 conf.sh 里 export）；缺一个就停下并说出名字。
: "${HADOOP_ROOT_HMP:?Hadoop 客户端目录}"
: "${HADOOP_CONF:?集群配置文件（-conf）}"
: "${HADOOP_PYTHON_ARCHIVE:?带 mmh3 的 Python 环境包（.tar.gz）}"
: "${INPUT_FEED_PATH:?点击日志目录}"
: "${INPUT_NID_JSON_PATH:?nid 元数据目录}"
: "${HADOOP_INPUT_CUID_INDEX:?cuid 索引目录}"
: "${HADOOP_OUTPUT:?输出目录（不能已存在）}"
exp1_ids="${EXP1_IDS:-1001,1002}"
HADOOP_PYTHON_CMD="python/bin/python3"  # python/ 是 -cacheArchive 解开后的链接名
HADOOP_JOB_NAME="feed_nid_cuid_exp_${exp1_ids//,/_}"
output_format="lib.SuffixMultipleTextOutputFormat"
# [end settings]

# [start output check]
# 输出目录已存在时 Hadoop 会在提交时拒绝整个作业；这里先查，报出路径，删不删由人决定。
if "$HADOOP_ROOT_HMP/bin/hadoop" fs -conf "$HADOOP_CONF" -test -e "$HADOOP_OUTPUT"; then
    echo "输出目录已存在：$HADOOP_OUTPUT。确认不再需要后用 hadoop fs -rm -r 删掉它，或换一个 HADOOP_OUTPUT" >&2
    exit 1
fi
# [end output check]

# [start command]
"$HADOOP_ROOT_HMP/bin/hadoop" streaming -conf "$HADOOP_CONF" \
    -D abaci.dag.is.dag.job=true \
    -D abaci.split.remote=true \
    -D abaci.dag.vertex.num=4 \
    -D abaci.dag.next.vertex.list.0=1 \
    -D abaci.dag.next.vertex.list.1=2 \
    -D abaci.dag.next.vertex.list.3=2 \
    -D stream.map.streamprocessor.0="${HADOOP_PYTHON_CMD} feed_nid_cuid_mapper_feed_click.py --exp1_ids=${exp1_ids}" \
    -D stream.reduce.streamprocessor.1="${HADOOP_PYTHON_CMD} feed_nid_cuid_reducer_join_uid.py" \
    -D stream.reduce.streamprocessor.2="${HADOOP_PYTHON_CMD} feed_nid_cuid_reducer_print_final.py --tuwen_dict=feed_clk_tuwen_clear --video_dict=feed_clk_video_clear" \
    -D stream.map.streamprocessor.3="${HADOOP_PYTHON_CMD} feed_nid_cuid_mapper_nid_json.py" \
    -D mapred.reduce.slowstart.completed.maps=0.9 \
    -D mapred.reduce.tasks=100 \
    -D mapred.job.map.capacity=1800 \
    -D mapred.job.reduce.capacity=100 \
    -D mapred.map.memory.limit=1500 \
    -D mapred.reduce.memory.limit=1500 \
    -D mapred.job.priority=HIGH \
    -D abaci.job.base.environment=default \
    -D stream.num.map.output.key.fields=1 \
    -D mapred.output.compress=true \
    -D mapred.output.compression.codec=org.apache.hadoop.io.compress.GzipCodec \
    -D map.output.key.field.separator='#' \
    -D reduce.output.key.field.separator='#' \
    -D num.key.fields.for.partition=1 \
    -D mapred.output.key.comparator.class=org.apache.hadoop.mapred.lib.KeyFieldBasedComparator \
    -D mapred.text.key.comparator.options=-k1,2 \
    -D mapred.job.name="${HADOOP_JOB_NAME}" \
    -partitioner org.apache.hadoop.mapred.lib.KeyFieldBasedPartitioner \
    -file ../src/feed_nid_cuid_mapper_feed_click.py \
    -file ../src/feed_nid_cuid_reducer_join_uid.py \
    -file ../src/feed_nid_cuid_mapper_nid_json.py \
    -file ../src/feed_nid_cuid_reducer_print_final.py \
    -file ../src/user_hash.py \
    -file ../src/streaming_lines.py \
    -file ../dict/experiment_dict \
    -file ../dict/feed_clk_tuwen_clear \
    -file ../dict/feed_clk_video_clear \
    -cacheArchive "${HADOOP_PYTHON_ARCHIVE}#python" \
    -outputformat "org.apache.hadoop.mapred.${output_format}" \
    -mapper "cat" \
    -reducer "cat" \
    -input "${INPUT_FEED_PATH}/*" \
    -input "${INPUT_NID_JSON_PATH}/part-*" \
    -input "${HADOOP_INPUT_CUID_INDEX}/*" \
    -output "$HADOOP_OUTPUT"
# [end command]
