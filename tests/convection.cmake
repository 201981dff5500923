# Convection u_t + beta u_x = 0 (inputs/bench_convection.yaml): a reduced path run on 1 and
# 2 ranks (10 x 10 network periodic in x, 20 x 40 points, beta from 0 to 10, 100 Gauss-Newton
# iterations at the end) against the exact sin(x - beta t). Measured on it: L2RE 1.46e-3 /
# 1.22e-3 and loss 1.63e-5 / 1.67e-5 on 1 / 2 ranks; without the polish (-hom_final_its 0)
# L2RE is 8.9e-3, without the corrector 5.8, and started at beta = 10 (-hom_beta0 10, no
# continuation) it fits the points with a wrong solution (loss 1.7e-4, L2RE 1.40). The
# correctors stop at their iteration cap, so the rounding of another split of the rows grows
# along the 40 path steps: the two rank counts agree to 20%, not to rounding.
petnet_add_path_deck_test(pinn_convection DECK bench_convection.yaml CHECKS "l2re<=3e-3" "loss<=3e-5"
                          RANKS_RTOL 0.3
                          ARGS -nn_hidden 10,10 -sample_n_res 800 -sample_nx 20 -sample_n_bc 40
                               -eval_n 64 -eval_ny 25 -pde_beta 10 -hom_phase1_gn_atol 1e-10
                               -hom_final_its 100)
