# 切换到另一个集群上下文
kubectl config use-context CONTEXT_NAME
