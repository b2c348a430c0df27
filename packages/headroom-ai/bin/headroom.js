#!/usr/bin/env -S node --max-semi-space-size=32
// The `headroom` command of @headroom/cli under the umbrella package's name. Plain JavaScript, not
// built: the file exists before the first build, so package managers link the bin at install time.
// Its first line is @headroom/cli's bin's (the proxy's node flags); src/bin-first-line.test.ts keeps the two equal.
import '@headroom/cli/bin';
