# 应用之前先看清单与集群现状的差别（有差别时退出码为 1）
kubectl diff -f service.yaml -f hpa.yaml -f pdb.yaml
