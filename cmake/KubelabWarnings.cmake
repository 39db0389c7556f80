# kubelab_warnings(target): warnings on, and treated as errors, for our own code only.
function(kubelab_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Werror)
endfunction()
