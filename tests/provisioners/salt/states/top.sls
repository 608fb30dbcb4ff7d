base:
  '*':
    - greeting
