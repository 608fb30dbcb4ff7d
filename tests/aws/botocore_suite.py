"""Signs every vector of tests/aws/data/sigv4_suite.json with botocore (the venv's, pinned in
scripts/install-deps.sh) through its public add_auth, the clock frozen at the vectors' time.

usage: botocore_suite.py VECTORS.json  -> one line per vector: name, a tab, the Authorization value
"""
import datetime
import json
import sys
from unittest import mock

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"
NOW = datetime.datetime(2015, 8, 30, 12, 36, 0, tzinfo=datetime.timezone.utc)


def authorization(v):
    token = None if v.get("token_after_signing") else v.get("token")
    service = v.get("service", "service")
    headers = dict(v["headers"])  # only for Host
    # http: botocore always hashes the payload there (over https S3 may sign UNSIGNED-PAYLOAD).
    req = AWSRequest(method=v["method"], url="http://" + headers["Host"] + v["path"],
                     data=v.get("body", "").encode())
    for name, value in v["headers"]:
        req.headers[name] = value  # an email.message.Message: assignment appends, so repeats stay
    if v.get("query"):
        req.params = [tuple(p) for p in v["query"]]
    signer = (S3SigV4Auth if service == "s3" else SigV4Auth)(Credentials(ACCESS_KEY, SECRET_KEY, token),
                                                            service, REGION)
    with mock.patch("botocore.auth.get_current_datetime", return_value=NOW):
        signer.add_auth(req)
    return req.headers["Authorization"]


def main():
    for v in json.load(open(sys.argv[1], encoding="utf-8"))["vectors"]:
        print(f"{v['name']}\t{authorization(v)}")


if __name__ == "__main__":
    main()
