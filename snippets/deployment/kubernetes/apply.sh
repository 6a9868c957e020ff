# 创建或更新命名空间、稳定版、Service 和自动扩缩
kubectl apply -f namespace.yaml -f deployment.yaml -f service.yaml -f hpa.yaml
