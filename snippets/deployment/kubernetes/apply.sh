# 创建或更新不随版本变化的资源：命名空间、Service、自动扩缩、中断预算、配置、网络策略和 Ingress
kubectl apply -f namespace.yaml -f service.yaml -f hpa.yaml -f pdb.yaml -f configmap.yaml -f networkpolicy.yaml -f ingress.yaml
