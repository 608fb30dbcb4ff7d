# {{user `site`}} on {{build_name}}
chef_license "{{.ChefLicense}}"
cookbook_path [{{.CookbookPaths}}]
{{if .HasRolesPath}}role_path "{{.RolesPath}}"{{end}}
file_cache_path "/var/chef/cache"
