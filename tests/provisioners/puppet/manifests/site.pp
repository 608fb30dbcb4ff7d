# Facts from `facter` and Packer's defaults, a module from module_paths, a value from hiera.
include greeter
file { "${facts['target_dir']}/facts.txt":
  content => "built by ${facts['packer_build_name']} (${facts['packer_builder_type']}) as ${facts['role']}\n",
}
