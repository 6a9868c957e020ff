# 在两个集群之间复制目录，只复制目标端缺少的、或大小、块大小、校验和不同的文件
hadoop distcp -update -m 20 hdfs://SRC_NAMENODE:8020/SRC_DIR hdfs://DST_NAMENODE:8020/DST_DIR
