# 统计目录数、文件数和总字节数
hadoop fs -count -v -h HDFS_DIR
