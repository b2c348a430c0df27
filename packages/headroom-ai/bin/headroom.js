#!/usr/bin/env node
// The `headroom` command of @headroom/cli under the umbrella package's name. Plain JavaScript, not
// built: the file exists before the first build, so package managers link the bin at install time.
import '@headroom/cli/bin';
