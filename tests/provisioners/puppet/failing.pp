exec { 'this one breaks':
  command => '/bin/false',
}
