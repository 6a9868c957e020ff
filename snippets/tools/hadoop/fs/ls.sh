# 列出目录下的文件和子目录（只列一层）
hadoop fs -ls HDFS_DIR
