# Burgers with a shock (inputs/bench_burgers.yaml): the residual's derivatives, the
# boundary faces, the Gauss-Hermite rule and the Cole-Hopf reference against a fine
# finite-difference solve; a reduced path run on 1 and 2 ranks (10 x 10 net, 20 x 20
# points, nu 0.1 -> 0.02) whose error must stay below a bound measured on it (L2RE 3.64e-3,
# loss 3.6e-7 on 1 and 2 ranks; without corrector and polish, -hom_corrector_its 0
# -hom_final_its 0, L2RE is 7.6e-2), and the two runs' figures must agree.
petnet_add_test(test_burgers_shock SOURCES test_burgers_shock.cpp RANKS 1)
petnet_add_path_deck_test(pinn_burgers_shock DECK bench_burgers.yaml CHECKS "l2re<=6e-3" "loss<=1e-6"
                          ARGS -nn_hidden 10,10 -sample_n_res 400 -sample_n_bc 80 -eval_n 64 -eval_ny 25
                               -pde_nu 0.02 -hom_phase1_gn_max_it 60 -hom_final_its 20)
