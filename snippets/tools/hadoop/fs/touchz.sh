# 创建空文件，常用作完成标记
hadoop fs -touchz HDFS_DONE_FILE
