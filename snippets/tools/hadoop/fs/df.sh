# 看整个文件系统的容量和剩余空间
hadoop fs -df -h
