# Writes a file whose path and text come from the pillar and the grains.
greeting file:
  file.managed:
    - name: {{ pillar['target_dir'] }}/greeting.txt
    - contents: "hello from {{ pillar['who'] }} as {{ grains.get('kiln_role', 'no grain') }}"
    - makedirs: True
