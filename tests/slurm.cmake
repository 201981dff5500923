# The Slurm scripts (slurm/, scripts/trsqp_sweep.sh).
#  - slurm_requeue: a petnet.sbatch job on a real Slurm, signalled mid-run (USR1 to the
#    batch shell), requeues itself and continues from its checkpoint to the θ of an
#    uninterrupted run, bit for bit; the same name again is refused
#    (tests/slurm_requeue.sh). Skipped when no Slurm is up (scripts/slurm_local.sh).
#  - slurm_sweep_fails: a failed run makes `trsqp_sweep.sh run` (an array task) fail.
#  - slurm_install: the installed scripts carry the prefix and run the installed petnet.
#  - slurm_shellcheck: the scripts pass shellcheck (skipped without it).
set(_sl ${CMAKE_BINARY_DIR}/slurm_tests)
# A small 1D Allen–Cahn path (2 x 12 net, 60 points, eps 0.1 -> 0.02): ~140 path steps, ~2 s.
add_test(NAME slurm_requeue
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/slurm_requeue.sh ${_sl}/requeue $<TARGET_FILE:h5_compare>
                 $<TARGET_FILE:petnet> ${PROJECT_SOURCE_DIR}/slurm --
                 -options_file_yaml ${PROJECT_SOURCE_DIR}/inputs/allen_cahn_1d.yaml -nn_hidden 12,12
                 -sample_n_res 60 -pde_eps 0.02 -hom_final_its 5)
set_tests_properties(slurm_requeue PROPERTIES LABELS "slurm" SKIP_RETURN_CODE 77 TIMEOUT 300 PROCESSORS 2
                     RUN_SERIAL TRUE)

add_test(NAME slurm_sweep_fails
         COMMAND bash -c "rm -rf \"$OUT\" && ! \"$0\" run 0 -no_such_option && grep -q no_such_option \"$OUT\"/*.log"
                 ${PROJECT_SOURCE_DIR}/scripts/trsqp_sweep.sh)
set_tests_properties(slurm_sweep_fails PROPERTIES LABELS "slurm;scripts" TIMEOUT 60
                     ENVIRONMENT "${PETNET_TEST_ENV};OUT=${_sl}/sweep_fails;RANKS=1;PETNET_BIN=$<TARGET_FILE:petnet>")

add_test(NAME slurm_shellcheck
         COMMAND bash -c "command -v shellcheck >/dev/null || exit 77; cd \"$0\" && shellcheck -x slurm/*.sbatch slurm/*.sh scripts/trsqp_sweep.sh tests/slurm_requeue.sh tests/slurm_install.sh"
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(slurm_shellcheck PROPERTIES LABELS "slurm;scripts" SKIP_RETURN_CODE 77 TIMEOUT 60)

# The install tree: scripts that carry the prefix and find the installed decks and petnet.
add_test(NAME slurm_install COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/slurm_install.sh ${CMAKE_BINARY_DIR} ${_sl}/install)
set_tests_properties(slurm_install PROPERTIES LABELS "slurm;scripts" TIMEOUT 120 ENVIRONMENT "${PETNET_TEST_ENV}")
