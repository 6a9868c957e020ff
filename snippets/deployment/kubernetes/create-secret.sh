# 从本地文件创建 JWT 密钥的 Secret（文件用 openssl rand -base64 48 生成，不进仓库）
kubectl -n ml-serving create secret generic pdm-api-jwt --from-file=jwt-key=JWT_KEY_FILE
