exec { 'takes a while':
  command => '/bin/sleep 120',
}
