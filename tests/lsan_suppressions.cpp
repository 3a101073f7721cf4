// LeakSanitizer's built-in suppressions for the test binary (read only in the sanitizer build).
// libgit2 1.5 (Debian 12) leaks the PCRE2 match data of a regex search that does not match
// (fixed upstream after 1.5); git_clone reaches it through the remote's fetch refspec, so the
// tests' bare clones hit it. The library has no frame pointers, so the stack LSan records ends in
// it and is matched by module. greenlight itself uses RE2, never PCRE2: this hides nothing of ours.
extern "C" const char* __lsan_default_suppressions() { return "leak:libpcre2-8.so\n"; }
