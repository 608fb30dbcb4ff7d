package 'curl'
