# 签发一个调用 /predict 的 JWT（HS256），密钥从环境变量 PDM_JWT_KEY 读取
"""Issue a bearer token for a caller of the pdm-api (the team's dev and CI helper)."""

import argparse
import os
import sys
import time

import jwt
from app import AUDIENCE, MAX_TOKEN_LIFETIME, check_key


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sub", required=True, help="who calls, e.g. maintenance-dashboard")
    parser.add_argument("--ttl", type=int, default=3600, help="seconds until the token expires")
    args = parser.parse_args()
    if not 0 < args.ttl <= MAX_TOKEN_LIFETIME:
        print(f"--ttl must be between 1 and {MAX_TOKEN_LIFETIME} seconds: the service refuses longer", file=sys.stderr)
        return 2
    key = os.environ.get("PDM_JWT_KEY", "")
    if not key:
        print("PDM_JWT_KEY is not set", file=sys.stderr)
        return 2
    try:
        check_key(key)
    except RuntimeError as problem:
        print(problem, file=sys.stderr)
        return 2
    now = int(time.time())
    claims = {"sub": args.sub, "aud": AUDIENCE, "iat": now, "exp": now + args.ttl}
    print(jwt.encode(claims, key, algorithm="HS256"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
