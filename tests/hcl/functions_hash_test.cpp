// Hash and crypto functions.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <regex>

#include "functions_support.hpp"
#include "hcl/functions/bcrypt.hpp"
#include "util/base64.hpp"

namespace kiln::hcl::test {

TEST_CASE("md5, sha1, sha256, sha512") {
  check_cases({
      {R"(md5("hello world"))", R"("5eb63bbbe01eeed093cb22bb8f5acdc3")"},
      {R"(sha1("hello world"))", R"("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")"},
      {R"(sha256("hello world"))", R"("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")"},
      {R"(sha512("hello world"))",
       R"("309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f")"},
      {R"(md5(""))", R"("d41d8cd98f00b204e9800998ecf8427e")"},
  });
}

TEST_CASE("uuidv5") {
  check_cases({
      {R"(uuidv5("dns", "www.terraform.io"))", R"("a5008fae-b28c-5ba5-96cd-82b4c53552d6")"},
      {R"(uuidv5("url", "https://www.terraform.io/"))", R"("9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5")"},
      {R"(uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io"))", R"("a5008fae-b28c-5ba5-96cd-82b4c53552d6")"},
      {R"(uuidv5("nope", "x"))", "error: uuidv5() doesn't support namespace nope (invalid UUID length: 4)"},
  });
}

TEST_CASE("uuidv4 gives a random version 4 UUID") {
  std::string first = evaluated("uuidv4()");
  CHECK(std::regex_match(first, std::regex(R"("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")")));
  CHECK(first != evaluated("uuidv4()"));
}

TEST_CASE("bcrypt matches the reference hashes") {
  using functions::bcrypt_base64_decode;
  using functions::bcrypt_hash;
  // The first is crypt_blowfish's published test vector; both agree with the system's crypt(3).
  CHECK(bcrypt_hash("U*U", bcrypt_base64_decode("CCCCCCCCCCCCCCCCCCCCC."), 5) ==
        "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW");
  CHECK(bcrypt_hash("hello", bcrypt_base64_decode("abcdefghijklmnopqrstuu"), 4) ==
        "$2a$04$abcdefghijklmnopqrstuuwHJMEGjfAzmL1lWmUmlphguIbWfjYey");
}

TEST_CASE("bcrypt") {
  std::string hash = evaluated(R"(bcrypt("hello", 4))");
  CHECK(std::regex_match(hash, std::regex(R"("\$2a\$04\$[./A-Za-z0-9]{53}")")));
  CHECK(hash != evaluated(R"(bcrypt("hello", 4))"));  // a fresh salt each time
  check_cases({
      {R"(length(bcrypt("hello", 4)))", "60"},
      {R"(substr(bcrypt("hello", 1), 0, 7))", R"("$2a$10$")"},
      {R"(bcrypt("hello", 32))", "error: crypto/bcrypt: cost 32 is outside allowed range (4,31)"},
      {R"(bcrypt("hello", 4, 5))", "error: bcrypt() takes no more than two arguments"},
  });
}

TEST_CASE("rsadecrypt") {
  // A fresh key; the plaintext encrypted with PKCS #1 v1.5 as Go's rsa.EncryptPKCS1v15 does.
  EVP_PKEY* key = EVP_RSA_gen(2048);
  REQUIRE(key);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* pem_data = nullptr;
  long pem_size = BIO_get_mem_data(bio, &pem_data);
  std::string pem(pem_data, size_t(pem_size));
  BIO_free(bio);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
  EVP_PKEY_encrypt_init(ctx);
  EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING);
  std::string plain = "secret ☃";
  size_t size = 0;
  EVP_PKEY_encrypt(ctx, nullptr, &size, reinterpret_cast<const unsigned char*>(plain.data()), plain.size());
  std::string cipher(size, '\0');
  EVP_PKEY_encrypt(ctx, reinterpret_cast<unsigned char*>(cipher.data()), &size,
                   reinterpret_cast<const unsigned char*>(plain.data()), plain.size());
  cipher.resize(size);
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(key);

  std::map<std::string, Value> vars{{"cipher", Value::string(base64(cipher))}, {"key", Value::string(pem)}};
  check_cases(
      {
          {"rsadecrypt(cipher, key)", "\"secret ☃\""},
          {R"(rsadecrypt("!!", key))", "error: cipher text must be base64-encoded"},
          {R"(rsadecrypt(cipher, "not a key"))", "error: invalid private key"},
          {R"(rsadecrypt(base64encode("xyz"), key))", "error: failed to decrypt"},
      },
      packer_functions(), vars);
}

}  // namespace kiln::hcl::test
