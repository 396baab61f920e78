# Independent plain-Python Dawid-Skene and one-coin (ZenCrowd) EM, written from the formulas, not from the C# code.
# Run: python3 tests/ALfc.Tests/reference/aggregators_reference.py  -- its output is pasted into the aggregator tests.
import math
Y=[[0,0,1,-1],[1,1,1,2],[2,2,-1,0],[0,1,0,0],[2,-1,2,2],[1,0,-1,1]]
N,M,K=6,4,3
def votes():
    T=[[0.0]*K for _ in range(N)]
    for i in range(N):
        for j in range(M):
            if Y[i][j]>=0: T[i][Y[i][j]]+=1
        s=sum(T[i]); T[i]=[v/s for v in T[i]]
    return T
def softmax_rows(L):
    T=[];tot=0
    for row in L:
        mx=max(row); z=math.log(sum(math.exp(v-mx) for v in row))+mx
        T.append([math.exp(v-z) for v in row]); tot+=z
    return T,tot
def ds(s=0.01,tol=1e-7,maxit=100):
    T=votes(); prev=None
    for it in range(1,maxit+1):
        p=[sum(T[i][k] for i in range(N))/N for k in range(K)]
        pi=[[[0.0]*K for _ in range(K)] for _ in range(M)]
        for i in range(N):
            for j in range(M):
                if Y[i][j]>=0:
                    for k in range(K): pi[j][k][Y[i][j]]+=T[i][k]
        for j in range(M):
            for k in range(K):
                d=sum(pi[j][k])+K*s; pi[j][k]=[(v+s)/d for v in pi[j][k]]
        L=[[math.log(p[k]) for k in range(K)] for i in range(N)]
        for i in range(N):
            for j in range(M):
                if Y[i][j]>=0:
                    for k in range(K): L[i][k]+=math.log(pi[j][k][Y[i][j]])
        T,ll=softmax_rows(L)
        if prev is not None and abs(ll-prev)<=tol*abs(ll): break
        prev=ll
    return T,pi,it,ll
def zen(tol=1e-7,maxit=100):
    T=votes(); prev=None
    for it in range(1,maxit+1):
        r=[0.0]*M; n=[0]*M
        for i in range(N):
            for j in range(M):
                if Y[i][j]>=0: r[j]+=T[i][Y[i][j]]; n[j]+=1
        r=[min(max(r[j]/n[j],1e-6),1-1e-6) for j in range(M)]
        L=[[0.0]*K for _ in range(N)]
        for i in range(N):
            for j in range(M):
                if Y[i][j]>=0:
                    for k in range(K): L[i][k]+= math.log(r[j]) if k==Y[i][j] else math.log((1-r[j])/(K-1))
        T,ll=softmax_rows(L)
        if prev is not None and abs(ll-prev)<=tol*abs(ll): break
        prev=ll
    return T,r,it
T,pi,it,ll=ds(); print("DS",it,ll); [print(", ".join("%.10f"%v for v in row)) for row in T]; print("pi0",pi[0])
T,r,it=zen(); print("ZEN",it); [print(", ".join("%.10f"%v for v in row)) for row in T]; print(["%.10f"%v for v in r])
