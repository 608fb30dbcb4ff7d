# Writes a file whose path and text come from the pillar.
greeting file:
  file.managed:
    - name: {{ pillar['target_dir'] }}/greeting.txt
    - contents: "hello from {{ pillar['who'] }}"
    - makedirs: True
