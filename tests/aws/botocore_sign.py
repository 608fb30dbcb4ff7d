"""Signs one EC2 Query request with botocore (the venv's, pinned) at a fixed time; prints the Authorization.

argv: access_key secret_key session_token('' for none) amz_date region url body
"""
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

access, secret, token, amz_date, region, url, body = sys.argv[1:8]
creds = Credentials(access, secret, token or None)
req = AWSRequest(method="POST", url=url, data=body.encode(),
                 headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
auth = SigV4Auth(creds, "ec2", region)
req.context["timestamp"] = amz_date
req.headers["X-Amz-Date"] = amz_date
if token:
    req.headers["X-Amz-Security-Token"] = token
canonical = auth.canonical_request(req)
sts = auth.string_to_sign(req, canonical)
sig = auth.signature(sts, req)
print(f"AWS4-HMAC-SHA256 Credential={auth.scope(req)}, "
      f"SignedHeaders={auth.signed_headers(auth.headers_to_sign(req))}, Signature={sig}")
