# 打印压缩文件（gzip、SequenceFile）解压后的内容
hadoop fs -text HDFS_GZ_FILE
