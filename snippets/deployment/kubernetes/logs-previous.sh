# 看崩溃重启之前那个容器的日志：CrashLoopBackOff 时原因在这里
kubectl -n ml-serving logs POD_NAME --previous
