# 在两个集群之间复制目录，跳过目标端已有且大小、校验和都相同的文件
hadoop distcp -update -m 20 hdfs://SRC_NAMENODE:8020/SRC_DIR hdfs://DST_NAMENODE:8020/DST_DIR
