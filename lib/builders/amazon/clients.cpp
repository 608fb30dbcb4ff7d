#include "builders/amazon/clients.hpp"

#include "aws/credentials.hpp"

namespace kiln::amazon {

aws::Ec2Options build_ec2_options(const AccessConfig& c, const RunContext& ctx) {
  aws::CredentialSources sources{c.access_key, c.secret_key, c.token, c.profile, c.shared_credentials_file,
                                 ctx.environment.get()};
  aws::Ec2Options options;
  options.region = c.region;
  options.endpoint = c.custom_endpoint_ec2;
  options.credentials = aws::resolve_credentials(sources);
  options.insecure_skip_tls_verify = c.insecure_skip_tls_verify;
  options.retry.max_attempts = c.max_retries + 1;
  options.environment = ctx.environment;
  options.ui = ctx.ui;
  options.cancel = ctx.cancel;
  return options;
}

aws::Ec2Client& Ec2Clients::get(const std::string& region) {
  std::lock_guard lock(mutex_);
  auto& slot = clients_[region];
  if (!slot) {
    aws::Ec2Options o = base_;
    o.region = region;
    slot = std::make_unique<aws::Ec2Client>(std::move(o));
  }
  return *slot;
}

}  // namespace kiln::amazon
