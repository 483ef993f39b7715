#!/bin/sh
# Like the official nginx image's entrypoint when the command is nginx: render
# /etc/nginx/templates/*.template into /etc/nginx/conf.d with the defined environment variables
# (nginx's own $variables stay as they are), run the executable /docker-entrypoint.d/*.sh in
# order, then exec the command. NGINX_ENTRYPOINT_QUIET_LOGS=1 silences it.
set -e

say() { [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$0: $*"; }

render_templates() {
  template_dir=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
  suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
  output_dir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
  [ -d "$template_dir" ] || return 0
  # shellcheck disable=SC2046,SC2016 # one literal ${NAME} per defined variable is the point
  defined=$(printf '${%s} ' $(env | cut -d= -f1 | grep -E '^[A-Za-z_][A-Za-z0-9_]*$'))
  for template in "$template_dir"/*"$suffix"; do
    [ -f "$template" ] || continue
    [ -w "$output_dir" ] || { say "error: $output_dir is not writable"; exit 1; }
    target="$output_dir/$(basename "$template" "$suffix")"
    say "Running envsubst on $template to $target"
    envsubst "$defined" <"$template" >"$target"
  done
}

run_entrypoint_scripts() {
  for script in /docker-entrypoint.d/*.sh; do
    [ -f "$script" ] || continue
    if [ -x "$script" ]; then say "Launching $script"; "$script"; else say "Ignoring $script, not executable"; fi
  done
}

if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
  render_templates
  run_entrypoint_scripts
  say "Configuration complete; ready for start up"
fi
exec "$@"
