# 列出作业的输出目录：每个 reducer 的 -A、-B 两个 gzip 文件和 _SUCCESS
hadoop fs -ls "$HADOOP_OUTPUT"
