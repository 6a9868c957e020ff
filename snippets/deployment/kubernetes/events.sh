# 按时间顺序列出命名空间里的事件，最新的在最后
kubectl -n ml-serving get events --sort-by=.metadata.creationTimestamp
