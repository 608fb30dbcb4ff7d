this one works:
  cmd.run:
    - name: "true"

this one breaks:
  cmd.run:
    - name: "false"
