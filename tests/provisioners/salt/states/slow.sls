# Long enough to be cancelled while it runs; "finished" tells the test when salt-call is done.
started:
  file.touch:
    - name: {{ pillar['target_dir'] }}/started
    - makedirs: True

slow:
  cmd.run:
    - name: sleep 5

finished:
  file.touch:
    - name: {{ pillar['target_dir'] }}/finished
