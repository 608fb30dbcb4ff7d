class greeter {
  file { "${facts['target_dir']}/greeting.txt":
    content => "${lookup('greeting')} from the greeter module\n",
  }
}
