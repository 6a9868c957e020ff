# 生成 JWT 签名密钥文件：64 个十六进制字符，去掉换行（否则 Secret 里的密钥带着换行，签出的 token 都会被拒绝）
openssl rand -hex 32 | tr -d '\n' > JWT_KEY_FILE
