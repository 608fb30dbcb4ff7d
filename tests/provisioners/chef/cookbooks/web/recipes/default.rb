file '/tmp/kiln-chef-web' do
  content "port #{node['web']['port']}\n"
end
