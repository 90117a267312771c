// Uses the installed library as another project would: the article's formula for customer A
// (9 purchases of 661.11 on average, acquired for 850, 8,100 from referred customers).
#include <clv/customer.hpp>
#include <clv/value.hpp>

#include <cmath>
#include <cstdio>

int main() {
  clv::Customer customer;
  customer.id = "A";
  customer.transactions = 9;
  customer.average_purchase = 661.11;
  customer.acquisition_cost = 850;
  customer.referral_net_income = 8100;
  const clv::ValueResult result = clv::customer_value(customer);
  std::printf("value of A: %.2f\n", result.value);
  return std::fabs(result.value - 13199.99) < 1e-6 ? 0 : 1;
}
